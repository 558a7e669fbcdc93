// Garde's own ids that reach a screen, as words in the languages the console ships (FR, NL, EN):
// the categories of Garde's own records (`preferences`, `offers`...) and `unclassified`, the
// rights, the bases of what an erasure keeps, the identity fields, the retention actions and the
// kinds of recipient. These ids are Garde's, not the policy's: the policy's own
// ids (purposes, categories, channels, recipients) come named from GET /v1/policy.
import { type Language, sayIn, type Words } from './words.ts';

const EN = {
  'category.relationship': 'Relationship (status, dates)',
  'category.communications': 'Commercial communications sent',
  'category.consent-records': 'Consents and their history',
  'category.preferences': 'Objections, restrictions and subscriptions',
  'category.offers': 'Offers made and their uptake',
  'category.requests': 'Requests about personal data and how they were handled',
  'category.legal-holds': 'Legal holds',
  'category.unclassified': 'Data the policy does not classify (kept, unused, until it is classified)',
  'right.access': 'Access',
  'right.rectification': 'Rectification',
  'right.erasure': 'Erasure',
  'right.restriction': 'Restriction of processing',
  'right.objection': 'Objection',
  'right.portability': 'Data portability',
  'right.withdraw-consent': 'Withdrawal of consent',
  'basis.legal-obligation': 'a legal obligation',
  'basis.legal-hold': 'a legal hold',
  'basis.proof': 'proof, under a pseudonym',
  'basis.unclassified': 'not classified by the policy',
  'verification.verified': 'verified',
  'verification.failed': 'failed',
  'field.givenName': 'given name',
  'field.familyName': 'family name',
  'field.birthDate': 'date of birth',
  'field.email': 'e-mail address',
  'field.phone': 'phone number',
  'field.street': 'street',
  'field.postalCode': 'postal code',
  'field.city': 'city',
  'field.country': 'country',
  'field.language': 'language',
  'field.idCardNumber': 'ID card number',
  'field.documentValid': 'document still valid',
  'field.documentNumber': 'document number',
  'field.fromEmail': 'sender’s e-mail address',
  'action.delete': 'delete',
  'action.anonymise': 'anonymise',
  'action.drop-partitions': 'drop whole months',
  'action.mask': 'empty the columns',
  'action.skip': 'nothing',
  'recipient.internal': 'internal',
  'recipient.group-company': 'group company',
  'recipient.partner': 'partner',
  'recipient.processor': 'processor',
  'recipient.debt-collector': 'debt collector',
  'recipient.market-research': 'market research',
  'recipient.authority': 'authority',
  'problem.CAMPAIGN_INVALID': 'The policy in force does not allow this campaign.',
  'problem.CAMPAIGN_SENT': 'This campaign was already sent.',
  'problem.CAMPAIGN_NOT_FOUND': 'This campaign no longer exists.',
  'problem.CAMPAIGN_NOT_SENT': 'This campaign has not been sent: it has no batch yet.',
  'problem.CAMPAIGN_SEND_FAILED':
    'The send failed for a reason outside the campaign. Please try again later.',
  'problem.CAMPAIGN_BATCH_NO_RECIPIENT':
    'The policy names no processor for this channel’s batch: only the DPO may hand it over.',
  'problem.CAMPAIGN_BATCH_REFUSED': 'The policy does not disclose this batch to its processor.',
  'problem.CAMPAIGN_FILTER_INVALID': 'The policy names no such purpose, channel or reason.',
};

export type GardeWords = typeof EN;

export const GARDE_WORDS: Words<GardeWords> = {
  en: EN,
  fr: {
    'category.relationship': 'Relation (statut, dates)',
    'category.communications': 'Communications commerciales envoyées',
    'category.consent-records': 'Consentements et leur historique',
    'category.preferences': 'Oppositions, limitations et abonnements',
    'category.offers': 'Offres faites et leur suite',
    'category.requests': 'Demandes relatives aux données et leur traitement',
    'category.legal-holds': 'Conservations pour litige',
    'category.unclassified':
      'Données que la politique ne classe pas (conservées, inutilisées, jusqu’à leur classement)',
    'right.access': 'Accès',
    'right.rectification': 'Rectification',
    'right.erasure': 'Effacement',
    'right.restriction': 'Limitation du traitement',
    'right.objection': 'Opposition',
    'right.portability': 'Portabilité',
    'right.withdraw-consent': 'Retrait du consentement',
    'basis.legal-obligation': 'une obligation légale',
    'basis.legal-hold': 'une conservation pour litige',
    'basis.proof': 'la preuve, sous pseudonyme',
    'basis.unclassified': 'non classé par la politique',
    'verification.verified': 'vérifiée',
    'verification.failed': 'échouée',
    'field.givenName': 'prénom',
    'field.familyName': 'nom de famille',
    'field.birthDate': 'date de naissance',
    'field.email': 'adresse e-mail',
    'field.phone': 'numéro de téléphone',
    'field.street': 'rue',
    'field.postalCode': 'code postal',
    'field.city': 'localité',
    'field.country': 'pays',
    'field.language': 'langue',
    'field.idCardNumber': 'numéro de carte d’identité',
    'field.documentValid': 'document encore valable',
    'field.documentNumber': 'numéro du document',
    'field.fromEmail': 'adresse e-mail de l’expéditeur',
    'action.delete': 'supprimer',
    'action.anonymise': 'anonymiser',
    'action.drop-partitions': 'supprimer des mois entiers',
    'action.mask': 'vider les colonnes',
    'action.skip': 'rien',
    'recipient.internal': 'interne',
    'recipient.group-company': 'société du groupe',
    'recipient.partner': 'partenaire',
    'recipient.processor': 'sous-traitant',
    'recipient.debt-collector': 'recouvrement de créances',
    'recipient.market-research': 'études de marché',
    'recipient.authority': 'autorité',
    'problem.CAMPAIGN_INVALID': 'La politique en vigueur n’autorise pas cette campagne.',
    'problem.CAMPAIGN_SENT': 'Cette campagne a déjà été envoyée.',
    'problem.CAMPAIGN_NOT_FOUND': 'Cette campagne n’existe plus.',
    'problem.CAMPAIGN_NOT_SENT': 'Cette campagne n’a pas été envoyée : elle n’a pas encore de fichier.',
    'problem.CAMPAIGN_SEND_FAILED':
      'L’envoi a échoué pour une raison extérieure à la campagne. Veuillez réessayer plus tard.',
    'problem.CAMPAIGN_BATCH_NO_RECIPIENT':
      'La politique ne nomme aucun sous-traitant pour le fichier de ce canal : seul le DPO peut le remettre.',
    'problem.CAMPAIGN_BATCH_REFUSED': 'La politique ne communique pas ce fichier à son sous-traitant.',
    'problem.CAMPAIGN_FILTER_INVALID': 'La politique ne nomme pas cette finalité, ce canal ou ce motif.',
  },
  nl: {
    'category.relationship': 'Relatie (status, data)',
    'category.communications': 'Verstuurde commerciële communicatie',
    'category.consent-records': 'Toestemmingen en hun geschiedenis',
    'category.preferences': 'Bezwaren, beperkingen en abonnementen',
    'category.offers': 'Gedane aanbiedingen en hun gevolg',
    'category.requests': 'Verzoeken over gegevens en hun afhandeling',
    'category.legal-holds': 'Bewaring voor geschillen',
    'category.unclassified':
      'Gegevens die het beleid niet indeelt (bewaard, ongebruikt, tot ze ingedeeld zijn)',
    'right.access': 'Inzage',
    'right.rectification': 'Rectificatie',
    'right.erasure': 'Wissing',
    'right.restriction': 'Beperking van de verwerking',
    'right.objection': 'Bezwaar',
    'right.portability': 'Overdraagbaarheid',
    'right.withdraw-consent': 'Intrekking van toestemming',
    'basis.legal-obligation': 'een wettelijke verplichting',
    'basis.legal-hold': 'een bewaring voor een geschil',
    'basis.proof': 'bewijs, onder een pseudoniem',
    'basis.unclassified': 'niet ingedeeld door het beleid',
    'verification.verified': 'geslaagd',
    'verification.failed': 'mislukt',
    'field.givenName': 'voornaam',
    'field.familyName': 'familienaam',
    'field.birthDate': 'geboortedatum',
    'field.email': 'e-mailadres',
    'field.phone': 'telefoonnummer',
    'field.street': 'straat',
    'field.postalCode': 'postcode',
    'field.city': 'gemeente',
    'field.country': 'land',
    'field.language': 'taal',
    'field.idCardNumber': 'identiteitskaartnummer',
    'field.documentValid': 'document nog geldig',
    'field.documentNumber': 'documentnummer',
    'field.fromEmail': 'e-mailadres van de afzender',
    'action.delete': 'verwijderen',
    'action.anonymise': 'anonimiseren',
    'action.drop-partitions': 'hele maanden verwijderen',
    'action.mask': 'de kolommen leegmaken',
    'action.skip': 'niets',
    'recipient.internal': 'intern',
    'recipient.group-company': 'groepsvennootschap',
    'recipient.partner': 'partner',
    'recipient.processor': 'verwerker',
    'recipient.debt-collector': 'incasso',
    'recipient.market-research': 'marktonderzoek',
    'recipient.authority': 'overheid',
    'problem.CAMPAIGN_INVALID': 'Het geldende beleid staat deze campagne niet toe.',
    'problem.CAMPAIGN_SENT': 'Deze campagne werd al verstuurd.',
    'problem.CAMPAIGN_NOT_FOUND': 'Deze campagne bestaat niet meer.',
    'problem.CAMPAIGN_NOT_SENT': 'Deze campagne werd niet verstuurd: ze heeft nog geen bestand.',
    'problem.CAMPAIGN_SEND_FAILED':
      'De verzending mislukte om een reden buiten de campagne. Probeer het later opnieuw.',
    'problem.CAMPAIGN_BATCH_NO_RECIPIENT':
      'Het beleid noemt geen verwerker voor het bestand van dit kanaal: alleen de DPO kan het bezorgen.',
    'problem.CAMPAIGN_BATCH_REFUSED': 'Het beleid verstrekt dit bestand niet aan zijn verwerker.',
    'problem.CAMPAIGN_FILTER_INVALID': 'Het beleid noemt dit doel, dit kanaal of deze reden niet.',
  },
};

type Kind = 'category' | 'right' | 'basis' | 'verification' | 'field' | 'action' | 'recipient' | 'problem';

/**
 * The words for one of Garde's own ids of a kind, in `language`; the id itself when Garde has no
 * word for it (an id a later version adds shows as it is rather than as nothing).
 */
export function gardeWord(language: Language, kind: Kind, id: string): string {
  const key = `${kind}.${id}`;
  return key in EN ? sayIn(GARDE_WORDS, language)(key as keyof GardeWords) : id;
}

/**
 * The words for one of Garde's problem codes (docs/problems.md), or null when Garde has none for
 * it: a screen then says it was refused in general words rather than show the code.
 */
export function problemWords(language: Language, code: string): string | null {
  const key = `problem.${code}`;
  return key in EN ? sayIn(GARDE_WORDS, language)(key as keyof GardeWords) : null;
}

/**
 * A category's name: the policy's (GET /v1/policy `categories`), else the words for one of
 * Garde's own record categories or `unclassified`, else the id.
 */
export function categoryName(
  categories: readonly { id: string; name: string }[] | undefined,
  id: string,
  language: Language,
): string {
  return categories?.find((c) => c.id === id)?.name ?? gardeWord(language, 'category', id);
}
