// The page's own words, per language; the policy's texts come localized from the API. A language
// the policy declares and this catalogue lacks reads the first of the policy's languages it has,
// else English. Placeholders are `{name}`: no ICU runtime in the bundle (it stays small).

const EN = {
  aboutHeading: 'Who we are and how to complain',
  viewsNav: 'Your privacy page',
  skip: 'Skip to main content',
  languages: 'Language',
  heading: 'Your privacy at {controller}',
  loading: 'Loading…',
  failed: 'This page could not be loaded. Please try again later.',
  ownPageHeading: 'Your own privacy page',
  ownPage:
    'To see and change your choices, sign in to your online space with {controller} and open your privacy page from there. This page shows only what {controller} publishes for everyone.',
  controllerHeading: 'Who is responsible for your data',
  address: 'Address',
  privacyContact: 'Privacy contact',
  email: 'E-mail',
  website: 'Website',
  name: 'Name',
  dpoHeading: 'Data protection officer',
  complainHeading: 'Complaints',
  complainUs: 'You may contact us first at {email}.',
  complain: 'You may complain to {authority}.',
  complainAnywhere:
    'You may complain to a data protection supervisory authority, in particular in the country where you live or work or where the infringement took place.',
  notice: '{title}, version {version}, in force since {date}.',
  readNotice: 'Read the full privacy notice',
  signedIn: 'Signed in as {name}',
  signedInNoName: 'You are signed in',
  signOut: 'Sign out',
  signedOut: 'You are signed out.',
  choicesHeading: 'Your choices',
  basis: 'Legal basis: {basis}.',
  noConsent: 'This does not need your consent.',
  consentNeeded: 'This needs your consent',
  consentPerChannel: 'This needs your consent, channel by channel',
  consentTo: 'I agree',
  givenAt: '{what}: consent given at {time}.',
  withdrawnAt: '{what}: consent withdrawn at {time}.',
  errorSummary: 'There is a problem',
  notRecorded: 'Your choice for “{what}” could not be saved. Please try again.',
  choicesFailed: 'Your choices could not be loaded. Please try again later.',
  notAsked: 'Not asked yet: nothing is done with it until you agree.',
  givenOn: 'Given on {date}.',
  // Issue 17: a consent given before the policy widened its purpose.
  outdatedOn: 'Given on {date}, before this changed: it no longer counts until you confirm it.',
  outdatedHeading: 'This has changed since you agreed:',
  outdatedAsk: 'Do you still agree?',
  confirmConsent: 'Yes, I confirm my consent',
  withdrawConsent: 'No, withdraw it',
  confirmedAt: '{what}: consent confirmed at {time}.',
  refusedOn: 'Refused on {date}.',
  withdrawnOn: 'Withdrawn on {date}.',
  withdrawnByGpc: 'Withdrawn on {date} by the Global Privacy Control signal your browser sends.',
  givenUnderGpc: 'Given on {date} while your browser sent Global Privacy Control: your own choice stands.',
  // Issue 17 review (A1): the notice changed while the page was open; nothing was recorded.
  noticeChanged:
    'Our privacy notice changed while this page was open, so your choice for “{what}” was not saved. What changed:',
  noticeChangedAgain: 'Please read your choices below again and answer once more.',
};

type Catalogue = typeof EN;
export type MessageId = keyof Catalogue;

const FR: Catalogue = {
  aboutHeading: 'Qui nous sommes et comment se plaindre',
  viewsNav: 'Votre page vie privée',
  skip: 'Aller au contenu principal',
  languages: 'Langue',
  heading: 'Votre vie privée chez {controller}',
  loading: 'Chargement…',
  failed: 'Cette page n’a pas pu être chargée. Veuillez réessayer plus tard.',
  ownPageHeading: 'Votre page vie privée personnelle',
  ownPage:
    'Pour voir et modifier vos choix, connectez-vous à votre espace en ligne chez {controller} et ouvrez-y votre page vie privée. Cette page ne montre que ce que {controller} publie pour tous.',
  controllerHeading: 'Qui est responsable de vos données',
  address: 'Adresse',
  privacyContact: 'Contact vie privée',
  email: 'E-mail',
  website: 'Site web',
  name: 'Nom',
  dpoHeading: 'Délégué à la protection des données',
  complainHeading: 'Plaintes',
  complainUs: 'Vous pouvez d’abord nous contacter à {email}.',
  complain: 'Vous pouvez introduire une plainte auprès de {authority}.',
  complainAnywhere:
    'Vous pouvez introduire une plainte auprès d’une autorité de contrôle de la protection des données, en particulier dans le pays où vous vivez ou travaillez ou dans celui où l’infraction a eu lieu.',
  notice: '{title}, version {version}, en vigueur depuis le {date}.',
  readNotice: 'Lire la déclaration de confidentialité complète',
  signedIn: 'Connecté(e) en tant que {name}',
  signedInNoName: 'Vous êtes connecté(e)',
  signOut: 'Se déconnecter',
  signedOut: 'Vous êtes déconnecté(e).',
  choicesHeading: 'Vos choix',
  basis: 'Base légale : {basis}.',
  noConsent: 'Ceci ne nécessite pas votre consentement.',
  consentNeeded: 'Ceci nécessite votre consentement',
  consentPerChannel: 'Ceci nécessite votre consentement, canal par canal',
  consentTo: 'J’accepte',
  givenAt: '{what} : consentement donné à {time}.',
  withdrawnAt: '{what} : consentement retiré à {time}.',
  errorSummary: 'Il y a un problème',
  notRecorded: 'Votre choix pour « {what} » n’a pas pu être enregistré. Veuillez réessayer.',
  choicesFailed: 'Vos choix n’ont pas pu être chargés. Veuillez réessayer plus tard.',
  notAsked: 'Pas encore demandé : rien n’est fait tant que vous n’acceptez pas.',
  givenOn: 'Donné le {date}.',
  outdatedOn: 'Donné le {date}, avant ce changement : il ne compte plus tant que vous ne le confirmez pas.',
  outdatedHeading: 'Ceci a changé depuis votre accord :',
  outdatedAsk: 'Êtes-vous toujours d’accord ?',
  confirmConsent: 'Oui, je confirme mon consentement',
  withdrawConsent: 'Non, je le retire',
  confirmedAt: '{what} : consentement confirmé à {time}.',
  refusedOn: 'Refusé le {date}.',
  withdrawnOn: 'Retiré le {date}.',
  withdrawnByGpc: 'Retiré le {date} par le signal Global Privacy Control qu’envoie votre navigateur.',
  givenUnderGpc:
    'Donné le {date} alors que votre navigateur envoyait Global Privacy Control : votre choix prévaut.',
  noticeChanged:
    'Notre avis de confidentialité a changé pendant que cette page était ouverte : votre choix pour « {what} » n’a donc pas été enregistré. Ce qui a changé :',
  noticeChangedAgain: 'Veuillez relire vos choix ci-dessous et répondre à nouveau.',
};

const NL: Catalogue = {
  aboutHeading: 'Wie wij zijn en hoe u een klacht indient',
  viewsNav: 'Uw privacypagina',
  skip: 'Naar de hoofdinhoud',
  languages: 'Taal',
  heading: 'Uw privacy bij {controller}',
  loading: 'Laden…',
  failed: 'Deze pagina kon niet worden geladen. Probeer het later opnieuw.',
  ownPageHeading: 'Uw eigen privacypagina',
  ownPage:
    'Om uw keuzes te bekijken en te wijzigen, meldt u zich aan in uw onlineomgeving bij {controller} en opent u daar uw privacypagina. Deze pagina toont alleen wat {controller} voor iedereen publiceert.',
  controllerHeading: 'Wie is verantwoordelijk voor uw gegevens',
  address: 'Adres',
  privacyContact: 'Privacycontact',
  email: 'E-mail',
  website: 'Website',
  name: 'Naam',
  dpoHeading: 'Functionaris voor gegevensbescherming',
  complainHeading: 'Klachten',
  complainUs: 'U kunt ons eerst contacteren via {email}.',
  complain: 'U kunt een klacht indienen bij {authority}.',
  complainAnywhere:
    'U kunt een klacht indienen bij een toezichthoudende autoriteit voor gegevensbescherming, met name in het land waar u woont of werkt of waar de inbreuk plaatsvond.',
  notice: '{title}, versie {version}, van kracht sinds {date}.',
  readNotice: 'De volledige privacyverklaring lezen',
  signedIn: 'Aangemeld als {name}',
  signedInNoName: 'U bent aangemeld',
  signOut: 'Afmelden',
  signedOut: 'U bent afgemeld.',
  choicesHeading: 'Uw keuzes',
  basis: 'Rechtsgrond: {basis}.',
  noConsent: 'Hiervoor is uw toestemming niet nodig.',
  consentNeeded: 'Hiervoor is uw toestemming nodig',
  consentPerChannel: 'Hiervoor is uw toestemming nodig, per kanaal',
  consentTo: 'Ik ga akkoord',
  givenAt: '{what}: toestemming gegeven om {time}.',
  withdrawnAt: '{what}: toestemming ingetrokken om {time}.',
  errorSummary: 'Er is een probleem',
  notRecorded: 'Uw keuze voor “{what}” kon niet worden opgeslagen. Probeer het opnieuw.',
  choicesFailed: 'Uw keuzes konden niet worden geladen. Probeer het later opnieuw.',
  notAsked: 'Nog niet gevraagd: er gebeurt niets mee tot u akkoord gaat.',
  givenOn: 'Gegeven op {date}.',
  outdatedOn: 'Gegeven op {date}, vóór deze wijziging: ze telt niet meer tot u ze bevestigt.',
  outdatedHeading: 'Dit is gewijzigd sinds u akkoord ging:',
  outdatedAsk: 'Gaat u nog steeds akkoord?',
  confirmConsent: 'Ja, ik bevestig mijn toestemming',
  withdrawConsent: 'Nee, trek ze in',
  confirmedAt: '{what}: toestemming bevestigd om {time}.',
  refusedOn: 'Geweigerd op {date}.',
  withdrawnOn: 'Ingetrokken op {date}.',
  withdrawnByGpc: 'Ingetrokken op {date} door het Global Privacy Control-signaal dat uw browser verstuurt.',
  givenUnderGpc:
    'Gegeven op {date} terwijl uw browser Global Privacy Control verstuurde: uw eigen keuze geldt.',
  noticeChanged:
    'Onze privacyverklaring is gewijzigd terwijl deze pagina openstond, daarom is uw keuze voor “{what}” niet opgeslagen. Wat er veranderde:',
  noticeChangedAgain: 'Lees uw keuzes hieronder opnieuw en antwoord nog een keer.',
};

const DE: Catalogue = {
  aboutHeading: 'Wer wir sind und wie Sie sich beschweren',
  viewsNav: 'Ihre Datenschutzseite',
  skip: 'Zum Hauptinhalt',
  languages: 'Sprache',
  heading: 'Ihre Privatsphäre bei {controller}',
  loading: 'Wird geladen…',
  failed: 'Diese Seite konnte nicht geladen werden. Bitte versuchen Sie es später erneut.',
  ownPageHeading: 'Ihre eigene Datenschutzseite',
  ownPage:
    'Um Ihre Entscheidungen zu sehen und zu ändern, melden Sie sich in Ihrem Online-Bereich bei {controller} an und öffnen Sie dort Ihre Datenschutzseite. Diese Seite zeigt nur, was {controller} für alle veröffentlicht.',
  controllerHeading: 'Wer für Ihre Daten verantwortlich ist',
  address: 'Adresse',
  privacyContact: 'Datenschutzkontakt',
  email: 'E-Mail',
  website: 'Website',
  name: 'Name',
  dpoHeading: 'Datenschutzbeauftragte(r)',
  complainHeading: 'Beschwerden',
  complainUs: 'Sie können sich zuerst an uns wenden: {email}.',
  complain: 'Sie können sich beschweren bei {authority}.',
  complainAnywhere:
    'Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren, insbesondere in dem Land, in dem Sie leben oder arbeiten oder in dem der Verstoß stattfand.',
  notice: '{title}, Version {version}, in Kraft seit {date}.',
  readNotice: 'Die vollständigen Datenschutzhinweise lesen',
  signedIn: 'Angemeldet als {name}',
  signedInNoName: 'Sie sind angemeldet',
  signOut: 'Abmelden',
  signedOut: 'Sie sind abgemeldet.',
  choicesHeading: 'Ihre Entscheidungen',
  basis: 'Rechtsgrundlage: {basis}.',
  noConsent: 'Dafür ist Ihre Einwilligung nicht nötig.',
  consentNeeded: 'Dafür ist Ihre Einwilligung nötig',
  consentPerChannel: 'Dafür ist Ihre Einwilligung nötig, je Kanal',
  consentTo: 'Ich willige ein',
  givenAt: '{what}: Einwilligung erteilt um {time}.',
  withdrawnAt: '{what}: Einwilligung widerrufen um {time}.',
  errorSummary: 'Es ist ein Problem aufgetreten',
  notRecorded:
    'Ihre Entscheidung für „{what}“ konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.',
  choicesFailed: 'Ihre Entscheidungen konnten nicht geladen werden. Bitte versuchen Sie es später erneut.',
  notAsked: 'Noch nicht gefragt: Nichts geschieht damit, bis Sie einwilligen.',
  givenOn: 'Erteilt am {date}.',
  outdatedOn: 'Erteilt am {date}, vor dieser Änderung: Sie gilt nicht mehr, bis Sie sie bestätigen.',
  outdatedHeading: 'Das hat sich seit Ihrer Einwilligung geändert:',
  outdatedAsk: 'Sind Sie weiterhin einverstanden?',
  confirmConsent: 'Ja, ich bestätige meine Einwilligung',
  withdrawConsent: 'Nein, widerrufen',
  confirmedAt: '{what}: Einwilligung um {time} bestätigt.',
  refusedOn: 'Abgelehnt am {date}.',
  withdrawnOn: 'Widerrufen am {date}.',
  withdrawnByGpc: 'Widerrufen am {date} durch das Global-Privacy-Control-Signal Ihres Browsers.',
  givenUnderGpc:
    'Erteilt am {date}, während Ihr Browser Global Privacy Control sendete: Ihre eigene Entscheidung gilt.',
  noticeChanged:
    'Unsere Datenschutzerklärung hat sich geändert, während diese Seite geöffnet war; Ihre Wahl für „{what}“ wurde daher nicht gespeichert. Was sich geändert hat:',
  noticeChangedAgain: 'Bitte lesen Sie Ihre Auswahl unten erneut und antworten Sie noch einmal.',
};

const CATALOGUES: Readonly<Record<string, Catalogue>> = { en: EN, fr: FR, nl: NL, de: DE };

/** Each language's own name, for the switcher. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  fr: 'Français',
  nl: 'Nederlands',
  de: 'Deutsch',
};

export type Say = (id: MessageId, args?: Record<string, string>) => string;

/**
 * A view's own words, in every language the page ships: each view keeps its catalogue next to
 * its code (`web/src/views/*.tsx`), typed from its English, so no language can miss a message.
 */
export type ViewWords<C extends Record<string, string>> = { en: C; fr: C; nl: C; de: C };

/** `say` for a view's catalogue in `language` (one `wordsFor` chose); English when it has none. */
export function sayIn<C extends Record<string, string>>(
  words: ViewWords<C>,
  language: string,
): (id: keyof C & string, args?: Record<string, string>) => string {
  const catalogue: C = (words as unknown as Record<string, C>)[language] ?? words.en;
  return (id, args = {}) =>
    String(catalogue[id] ?? words.en[id]).replace(/\{(\w+)\}/g, (m, name: string) => args[name] ?? m);
}

/** The catalogue the page reads in `language`, given the policy's languages (its first first). */
export function wordsFor(
  language: string,
  policyLanguages: readonly string[],
): { language: string; say: Say } {
  const chosen = [language, ...policyLanguages, 'en'].find((l) => CATALOGUES[l]) ?? 'en';
  const catalogue = CATALOGUES[chosen] ?? EN;
  return {
    language: chosen,
    say: (id, args = {}) => catalogue[id].replace(/\{(\w+)\}/g, (m, name: string) => args[name] ?? m),
  };
}

// The page's English is British, as Garde's is (src/words/words.ts).
const LOCALE: Readonly<Record<string, string>> = { en: 'en-GB' };

/** "2026-11-01" or "2026-11" as this language writes it. */
export function noticeDate(value: string, language: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!m) return value;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1)));
  const day = m[3] ? { day: 'numeric' as const } : {};
  return new Intl.DateTimeFormat(LOCALE[language] ?? language, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    ...day,
  }).format(date);
}

/** "14:02": the hour and minute of `iso` as this language writes them, in the browser's time zone. */
export function clockTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(LOCALE[language] ?? language, { hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/** "30 November 2026" from an ISO instant or date, as this language writes it. */
export function longDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(LOCALE[language] ?? language, { dateStyle: 'long' }).format(new Date(iso));
}

/** "30 November 2026, 14:02" from an ISO instant, in the browser's time zone. */
export function dateAndTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(LOCALE[language] ?? language, {
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** The page's address with `name` set to `value`, the other parameters kept (language, view). */
export function withParam(name: string, value: string): string {
  const url = new URL(window.location.href);
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}
