// What the access report says around the data, in the policy's three languages: the person
// reads it in their own (the identity's language, or ?language=).
import type { Language } from '../policy/summary.ts';

type ReportWords = {
  title: string;
  heldBy(controller: string): string;
  generated(at: string, policy: string, controller: string): string;
  /** The data protection officer and how to reach them (Art. 13(1)(b)). */
  dpo(contact: string): string;
  records(n: number): string;
  why: string;
  recordsOnly: string;
  who: string;
  nobody: string;
  only(fields: string): string;
  howLong: string;
  from(duration: string, clock: string, legal: boolean): string;
  relationship: string;
  where: string;
  data: string;
  profiling: string;
  noProfiling: string;
  interests: string;
  noInterests: string;
  /** A yes-or-no datum (an ID-card number held, an offer accepted), in words. */
  yes: string;
  no: string;
  rights: string;
  mayAsk(rights: string, channels: string, deadline: string, extension: string | undefined): string;
  complain(authority: string): string;
  /** Art. 15(1)(f), 77: the right to complain, when the policy names no authority. */
  complainAnywhere: string;
  /** A profiling purpose's logic (Art. 13(2)(f), 15(1)(h)), from the policy's own words. */
  dataUsed(categories: string): string;
  /** Garde's interest scores, when the purpose is the tracking purpose. */
  interestLogic(topics: string): string;
  /** Garde's offer model, when the purpose is the one it profiles under. */
  offerLogic(products: string, basis: string): string;
  noModelLogic: string;
  mayObject: string;
  /** "a, b and c". */
  and: string;
  bookkeeping: Record<string, string>;
};

export const REPORT_WORDS: Record<Language, ReportWords> = {
  en: {
    title: 'Your personal data',
    heldBy: (c) => `Your personal data held by ${c}`,
    generated: (at, p, c) => `Report generated ${at} under policy ${p}. Controller: ${c}.`,
    dpo: (c) => `Data protection officer: ${c}.`,
    records: (n) => `${n} record${n === 1 ? '' : 's'}`,
    why: 'Why we use it',
    recordsOnly: 'Kept for our records only.',
    who: 'Who receives it',
    nobody: 'Nobody outside the controller.',
    only: (f) => `: only ${f}`,
    howLong: 'How long we keep it',
    from: (d, c, l) => `${d} from ${c}${l ? ' (legal obligation)' : ''}`,
    relationship: 'As long as the relationship lasts.',
    where: 'Where it comes from',
    data: 'The data',
    profiling: 'Profiling',
    noProfiling: 'No profiling.',
    interests: 'Interests inferred about you',
    noInterests: 'None are stored.',
    yes: 'yes',
    no: 'no',
    rights: 'Your rights',
    mayAsk: (r, ch, d, e) =>
      `You may ask for: ${r}, through ${ch}. We answer within ${d}${e ? `, or tell you why we need ${e} more` : ''}.`,
    complain: (a) => `You may complain to ${a}`,
    complainAnywhere:
      'You may complain to a data protection supervisory authority, in particular in the country where you live or work or where the infringement took place.',
    dataUsed: (c) => `It uses: ${c}.`,
    interestLogic: (t) =>
      `A score per topic (${t}) is computed from the behaviour recorded; each score lists the signals that contributed most.`,
    offerLogic: (p, b) =>
      `Our products (${p}) are ranked by how likely you are to take each up, from your ${b}.`,
    noModelLogic: 'No model derives anything from it.',
    mayObject: 'You may object to this profiling at any time.',
    and: 'and',
    bookkeeping: {
      relationship: 'Your relationship with us (status, dates)',
      contracts: 'Contracts',
      billing: 'Invoices and payments',
      'products-held': 'Products and accounts held',
      technical: 'Technical data',
      'web-behaviour': 'Browsing behaviour after login',
      themes: 'Themes you linked to your products',
      communications: 'Commercial communications sent to you',
      'consent-records': 'Your consents and their history',
      preferences: 'Your objections, restrictions and subscriptions',
      identification: 'Identification data',
      interests: 'Interests derived from your behaviour',
      offers: 'Offers made to you and whether you took them up',
      requests: 'Your requests about your data, and how they were handled',
      'legal-holds': 'Legal holds that keep some of your data',
      unclassified: 'Data our privacy notice does not describe: kept, and not used, until it is classified',
    },
  },
  fr: {
    title: 'Vos données personnelles',
    heldBy: (c) => `Vos données personnelles détenues par ${c}`,
    generated: (at, p, c) =>
      `Rapport établi le ${at} selon la politique ${p}. Responsable du traitement : ${c}.`,
    dpo: (c) => `Délégué à la protection des données : ${c}.`,
    records: (n) => `${n} enregistrement${n === 1 ? '' : 's'}`,
    why: 'Pourquoi nous les utilisons',
    recordsOnly: 'Conservées pour nos archives uniquement.',
    who: 'Qui les reçoit',
    nobody: 'Personne en dehors du responsable du traitement.',
    only: (f) => ` : uniquement ${f}`,
    howLong: 'Combien de temps nous les gardons',
    from: (d, c, l) => `${d} à partir de ${c}${l ? ' (obligation légale)' : ''}`,
    relationship: 'Tant que dure la relation.',
    where: "D'où elles viennent",
    data: 'Les données',
    profiling: 'Profilage',
    noProfiling: 'Aucun profilage.',
    interests: 'Intérêts déduits à votre sujet',
    noInterests: "Aucun n'est conservé.",
    yes: 'oui',
    no: 'non',
    rights: 'Vos droits',
    mayAsk: (r, ch, d, e) =>
      `Vous pouvez demander : ${r}, via ${ch}. Nous répondons dans un délai de ${d}${e ? `, ou vous expliquons pourquoi il nous faut ${e} de plus` : ''}.`,
    complain: (a) => `Vous pouvez introduire une plainte auprès de ${a}`,
    complainAnywhere:
      "Vous pouvez introduire une plainte auprès d'une autorité de contrôle de la protection des données, notamment dans le pays où vous résidez ou travaillez, ou celui où la violation a eu lieu.",
    dataUsed: (c) => `Données utilisées : ${c}.`,
    interestLogic: (t) =>
      `Un score par thème (${t}) est calculé à partir du comportement enregistré ; chaque score indique les signaux qui y ont le plus contribué.`,
    offerLogic: (p, b) =>
      `Nos produits (${p}) sont classés selon la probabilité que vous choisissiez chacun, d'après vos ${b}.`,
    noModelLogic: "Aucun modèle n'en déduit quoi que ce soit.",
    mayObject: 'Vous pouvez vous opposer à ce profilage à tout moment.',
    and: 'et',
    bookkeeping: {
      relationship: 'Votre relation avec nous (statut, dates)',
      contracts: 'Contrats',
      billing: 'Factures et paiements',
      'products-held': 'Produits et comptes détenus',
      technical: 'Données techniques',
      'web-behaviour': 'Navigation après identification',
      themes: 'Thèmes liés à vos produits',
      communications: 'Communications commerciales reçues',
      'consent-records': 'Vos consentements et leur historique',
      preferences: 'Vos oppositions, limitations et abonnements',
      identification: "Données d'identification",
      interests: 'Intérêts déduits de votre comportement',
      offers: 'Offres proposées et suite donnée',
      requests: 'Vos demandes sur vos données, et leur traitement',
      'legal-holds': 'Conservations légales de certaines de vos données',
      unclassified:
        "Données que notre déclaration de confidentialité ne décrit pas : conservées, sans être utilisées, jusqu'à leur classement",
    },
  },
  nl: {
    title: 'Uw persoonsgegevens',
    heldBy: (c) => `Uw persoonsgegevens bij ${c}`,
    generated: (at, p, c) =>
      `Rapport opgesteld op ${at} volgens beleid ${p}. Verwerkingsverantwoordelijke: ${c}.`,
    dpo: (c) => `Functionaris voor gegevensbescherming: ${c}.`,
    records: (n) => `${n} record${n === 1 ? '' : 's'}`,
    why: 'Waarom wij ze gebruiken',
    recordsOnly: 'Alleen bewaard voor ons archief.',
    who: 'Wie ze ontvangt',
    nobody: 'Niemand buiten de verwerkingsverantwoordelijke.',
    only: (f) => `: alleen ${f}`,
    howLong: 'Hoe lang wij ze bewaren',
    from: (d, c, l) => `${d} vanaf ${c}${l ? ' (wettelijke verplichting)' : ''}`,
    relationship: 'Zolang de relatie duurt.',
    where: 'Waar ze vandaan komen',
    data: 'De gegevens',
    profiling: 'Profilering',
    noProfiling: 'Geen profilering.',
    interests: 'Interesses die over u zijn afgeleid',
    noInterests: 'Er worden er geen bewaard.',
    yes: 'ja',
    no: 'nee',
    rights: 'Uw rechten',
    mayAsk: (r, ch, d, e) =>
      `U kunt vragen: ${r}, via ${ch}. Wij antwoorden binnen ${d}${e ? `, of leggen uit waarom wij ${e} meer nodig hebben` : ''}.`,
    complain: (a) => `U kunt een klacht indienen bij ${a}`,
    complainAnywhere:
      'U kunt een klacht indienen bij een toezichthoudende autoriteit voor gegevensbescherming, met name in het land waar u woont of werkt of waar de inbreuk plaatsvond.',
    dataUsed: (c) => `Gebruikte gegevens: ${c}.`,
    interestLogic: (t) =>
      `Per thema (${t}) wordt een score berekend uit het geregistreerde gedrag; elke score vermeldt de signalen die het meest bijdroegen.`,
    offerLogic: (p, b) =>
      `Onze producten (${p}) worden gerangschikt naar de kans dat u elk ervan kiest, op basis van uw ${b}.`,
    noModelLogic: 'Geen enkel model leidt er iets uit af.',
    mayObject: 'U kunt zich op elk moment tegen deze profilering verzetten.',
    and: 'en',
    bookkeeping: {
      relationship: 'Uw relatie met ons (status, data)',
      contracts: 'Contracten',
      billing: 'Facturen en betalingen',
      'products-held': 'Producten en rekeningen in bezit',
      technical: 'Technische gegevens',
      'web-behaviour': 'Surfgedrag na identificatie',
      themes: "Thema's gekoppeld aan uw producten",
      communications: 'Ontvangen commerciële communicatie',
      'consent-records': 'Uw toestemmingen en hun geschiedenis',
      preferences: 'Uw bezwaren, beperkingen en abonnementen',
      identification: 'Identificatiegegevens',
      interests: 'Interesses afgeleid uit uw gedrag',
      offers: 'Gedane aanbiedingen en het gevolg',
      requests: 'Uw verzoeken over uw gegevens, en hun behandeling',
      'legal-holds': 'Wettelijke bewaring van sommige van uw gegevens',
      unclassified:
        'Gegevens die onze privacyverklaring niet beschrijft: bewaard, niet gebruikt, tot ze zijn ingedeeld',
    },
  },
};
