// The console's own words, in the three languages it ships (FR, NL, EN); names of purposes,
// channels and the like come localized from the API in the policy's languages. Each view keeps its
// words next to it (`views/<area>/*-words.ts`), typed from its English, as the privacy page does.
// The console's language: `?language=`, else the first of the browser's languages (what it sends
// as Accept-Language) that the console speaks, else English.
import { LANGUAGE_PARAM } from '../../src/LanguagePicker.tsx';

import { LANGUAGES, type Language, type Words } from './languages.ts';

export { LANGUAGES, type Language, type Words };

const isLanguage = (l: string | null | undefined): l is Language =>
  (LANGUAGES as readonly string[]).includes(l ?? '');

/** The language the console opens in. */
export function startingLanguage(): Language {
  const asked = new URLSearchParams(window.location.search).get(LANGUAGE_PARAM);
  if (isLanguage(asked)) return asked;
  const browser = navigator.languages.map((l) => l.slice(0, 2).toLowerCase()).find(isLanguage);
  return browser ?? 'en';
}

/** `say` for a catalogue in `language`, `{name}` placeholders filled from `args`. */
export function sayIn<C extends Record<string, string>>(words: Words<C>, language: Language) {
  const catalogue = words[language];
  return (id: keyof C & string, args: Record<string, string> = {}): string =>
    String(catalogue[id]).replace(/\{(\w+)\}/g, (m, name: string) => args[name] ?? m);
}

/** "30 November 2026, 14:02" from an ISO instant, in the browser's time zone. */
export function dateAndTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));
}

const EN = {
  console: 'Garde console',
  skip: 'Skip to main content',
  languages: 'Language',
  loading: 'Loading…',
  signInHeading: 'Sign in',
  signInIntro: 'Staff sign in with the API key of their role (agent, marketer or DPO).',
  keyLabel: 'API key',
  keyHint: 'It starts with garde_. It is exchanged for a session and not kept in the browser.',
  signIn: 'Sign in',
  signInWith: 'Sign in with {provider}',
  or: 'or',
  errorSummary: 'There is a problem',
  keyMissing: 'Enter your API key',
  keyInvalid: 'This key is not valid, or it was revoked',
  keyRole: 'This key’s role does not open the console: use the key of an agent, a marketer or the DPO',
  tooMany: 'Too many attempts: wait a minute, then try again',
  signInFailed: 'Signing in failed. Please try again later.',
  oidcRole: 'Your account at {provider} has no role that opens the console: ask its administrator',
  oidcInvalid: 'Signing in with {provider} could not be completed. Please start again.',
  oidcUnavailable: '{provider} does not answer. Sign in with your key, or try again later.',
  sessionEnded: 'Your session has ended. Sign in again to go on.',
  signedOut: 'You are signed out.',
  signedInAs: 'Signed in as {name} ({role})',
  signOut: 'Sign out',
  viewsNav: 'Your screens',
  sessionBar: 'Your session',
  notForRole: 'This screen is not for your role',
  notForRoleText: 'The screen “{view}” is for {roles}. You are signed in as {role}.',
  noSuchView: 'There is no such screen',
  noSuchViewText: 'The address names a screen the console does not have.',
  backToStart: 'Go to {view}',
  viewFailed: 'This screen could not be loaded. Please try again later.',
  role_dpo: 'data protection officer',
  role_marketer: 'marketer',
  role_agent: 'agent',
};

export type ShellWords = typeof EN;

export const SHELL_WORDS: Words<ShellWords> = {
  en: EN,
  fr: {
    console: 'Console Garde',
    skip: 'Aller au contenu principal',
    languages: 'Langue',
    loading: 'Chargement…',
    signInHeading: 'Connexion',
    signInIntro: 'Le personnel se connecte avec la clé d’API de son rôle (agent, marketeur ou DPO).',
    keyLabel: 'Clé d’API',
    keyHint:
      'Elle commence par garde_. Elle est échangée contre une session et n’est pas gardée dans le navigateur.',
    signIn: 'Se connecter',
    signInWith: 'Se connecter avec {provider}',
    or: 'ou',
    errorSummary: 'Il y a un problème',
    keyMissing: 'Saisissez votre clé d’API',
    keyInvalid: 'Cette clé n’est pas valable, ou elle a été révoquée',
    keyRole:
      'Le rôle de cette clé n’ouvre pas la console : utilisez la clé d’un agent, d’un marketeur ou du DPO',
    tooMany: 'Trop de tentatives : attendez une minute, puis réessayez',
    signInFailed: 'La connexion a échoué. Veuillez réessayer plus tard.',
    oidcRole:
      'Votre compte chez {provider} n’a aucun rôle qui ouvre la console : demandez à son administrateur',
    oidcInvalid: 'La connexion avec {provider} n’a pas pu aboutir. Veuillez recommencer.',
    oidcUnavailable: '{provider} ne répond pas. Connectez-vous avec votre clé, ou réessayez plus tard.',
    sessionEnded: 'Votre session a pris fin. Reconnectez-vous pour continuer.',
    signedOut: 'Vous êtes déconnecté(e).',
    signedInAs: 'Connecté(e) en tant que {name} ({role})',
    signOut: 'Se déconnecter',
    viewsNav: 'Vos écrans',
    sessionBar: 'Votre session',
    notForRole: 'Cet écran n’est pas pour votre rôle',
    notForRoleText: 'L’écran « {view} » est pour : {roles}. Vous êtes connecté(e) en tant que {role}.',
    noSuchView: 'Cet écran n’existe pas',
    noSuchViewText: 'L’adresse nomme un écran que la console n’a pas.',
    backToStart: 'Aller à {view}',
    viewFailed: 'Cet écran n’a pas pu être chargé. Veuillez réessayer plus tard.',
    role_dpo: 'délégué à la protection des données',
    role_marketer: 'marketeur',
    role_agent: 'agent',
  },
  nl: {
    console: 'Garde-console',
    skip: 'Naar de hoofdinhoud',
    languages: 'Taal',
    loading: 'Laden…',
    signInHeading: 'Aanmelden',
    signInIntro: 'Medewerkers melden zich aan met de API-sleutel van hun rol (agent, marketeer of DPO).',
    keyLabel: 'API-sleutel',
    keyHint: 'Hij begint met garde_. Hij wordt ingeruild voor een sessie en niet in de browser bewaard.',
    signIn: 'Aanmelden',
    signInWith: 'Aanmelden met {provider}',
    or: 'of',
    errorSummary: 'Er is een probleem',
    keyMissing: 'Vul uw API-sleutel in',
    keyInvalid: 'Deze sleutel is niet geldig, of hij werd ingetrokken',
    keyRole:
      'De rol van deze sleutel opent de console niet: gebruik de sleutel van een agent, een marketeer of de DPO',
    tooMany: 'Te veel pogingen: wacht een minuut en probeer het opnieuw',
    signInFailed: 'Aanmelden is mislukt. Probeer het later opnieuw.',
    oidcRole: 'Uw account bij {provider} heeft geen rol die de console opent: vraag het aan de beheerder',
    oidcInvalid: 'Aanmelden met {provider} kon niet worden voltooid. Begin opnieuw.',
    oidcUnavailable: '{provider} antwoordt niet. Meld u aan met uw sleutel, of probeer het later opnieuw.',
    sessionEnded: 'Uw sessie is afgelopen. Meld u opnieuw aan om verder te gaan.',
    signedOut: 'U bent afgemeld.',
    signedInAs: 'Aangemeld als {name} ({role})',
    signOut: 'Afmelden',
    viewsNav: 'Uw schermen',
    sessionBar: 'Uw sessie',
    notForRole: 'Dit scherm is niet voor uw rol',
    notForRoleText: 'Het scherm “{view}” is voor: {roles}. U bent aangemeld als {role}.',
    noSuchView: 'Dit scherm bestaat niet',
    noSuchViewText: 'Het adres noemt een scherm dat de console niet heeft.',
    backToStart: 'Naar {view}',
    viewFailed: 'Dit scherm kon niet worden geladen. Probeer het later opnieuw.',
    role_dpo: 'functionaris voor gegevensbescherming',
    role_marketer: 'marketeer',
    role_agent: 'agent',
  },
};
