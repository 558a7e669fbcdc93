// The words of a consent receipt: the JSON-LD context it carries inline, and how Garde's own
// values (states, sources, rights, recipient kinds, retention clocks) map to W3C DPV terms.
// Source: DPV 2 (https://w3id.org/dpv), its EU GDPR extension, and the DPV guide to
// ISO/IEC TS 27560:2023 (https://w3id.org/dpv/guides/consent-27560). Pure.
import type { ConsentState } from '../decide/types.ts';
import type {
  LegalBasis,
  Policy,
  Purpose,
  RECIPIENT_KINDS,
  RETENTION_CLOCKS,
  RIGHTS,
} from '../policy/schema.ts';
import type { Art9Condition, DEROGATIONS, TransferMechanism } from '../policy/schema-detail.ts';

/** Garde's own terms, for what DPV has no word for (provenance, channels, retention clocks). */
export const GARDE_NS = 'https://garde.dev/ns#';

/**
 * Inline, so a JSON-LD processor expands the receipt offline: every key the receipt uses is a
 * compact IRI over these prefixes, and the definitions type its values (times as xsd:dateTime,
 * text as language-tagged strings per language of the policy).
 */
export const RECEIPT_CONTEXT = {
  dpv: 'https://w3id.org/dpv#',
  'eu-gdpr': 'https://w3id.org/dpv/legal/eu/gdpr#',
  'legal-eu': 'https://w3id.org/dpv/legal/eu#',
  loc: 'https://w3id.org/dpv/loc#',
  dct: 'http://purl.org/dc/terms/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  garde: GARDE_NS,
  'dct:created': { '@type': 'xsd:dateTime' },
  'dct:date': { '@type': 'xsd:date' },
  'dct:language': { '@type': 'xsd:language' },
  'dct:description': { '@container': '@language' },
  'dpv:isIndicatedAtTime': { '@type': 'xsd:dateTime' },
} as const;

/** The DPV-27560 profiles the receipt and each record follow, and the standard behind them. */
export const PROFILE = {
  receipt: 'https://w3id.org/dpv/schema/dpv-27560#receipt-record',
  record: 'https://w3id.org/dpv/schema/dpv-27560#record',
  standard: 'https://www.iso.org/standard/80392.html',
} as const;

export const STATUS: Record<ConsentState, string> = {
  given: 'dpv:ConsentGiven',
  refused: 'dpv:ConsentRefused',
  withdrawn: 'dpv:ConsentWithdrawn',
};

/**
 * How a choice reached Garde (the ledger's `source`) when the policy does not declare that
 * interface: Garde's own (`api`, `gpc`), and the words it recorded before policies declared
 * their interfaces (migration 038). A declared interface is described in the policy's words.
 */
export const GARDE_METHOD: Readonly<Record<string, string>> = {
  api: 'garde:AuthorisedSystem',
  gpc: 'garde:GlobalPrivacyControlSignal',
  portal: 'garde:PreferenceCenter',
  agent: 'garde:ToldStaff',
  letter: 'garde:Letter',
  email: 'garde:Email',
};

/** GDPR Art. 15-21 and 7(3), as the DPV GDPR extension names them. */
export const RIGHT: Record<(typeof RIGHTS)[number], string> = {
  access: 'eu-gdpr:A15',
  rectification: 'eu-gdpr:A16',
  erasure: 'eu-gdpr:A17',
  restriction: 'eu-gdpr:A18',
  portability: 'eu-gdpr:A20',
  objection: 'eu-gdpr:A21',
  'withdraw-consent': 'eu-gdpr:A7-3',
};

/** GDPR Art. 4(9)-(10): every kind receives; only some are third parties or processors. */
export const RECIPIENT_TYPES: Record<(typeof RECIPIENT_KINDS)[number], readonly string[]> = {
  internal: ['dpv:Recipient'],
  'group-company': ['dpv:Recipient', 'dpv:ThirdParty'],
  partner: ['dpv:Recipient', 'dpv:ThirdParty'],
  processor: ['dpv:Recipient', 'dpv:DataProcessor'],
  'debt-collector': ['dpv:Recipient', 'dpv:ThirdParty'],
  'market-research': ['dpv:Recipient'],
  authority: ['dpv:Recipient', 'dpv:Authority'],
};

/** From when a retention period runs (the policy's `clock`). */
export const CLOCK: Record<(typeof RETENTION_CLOCKS)[number], string> = {
  'event-time': 'garde:EventTime',
  'contract-end': 'garde:ContractEnd',
  'last-contact': 'garde:LastContact',
  'invoice-date': 'garde:InvoiceDate',
  collected: 'garde:Collection',
};

/**
 * GDPR Art. 6(1)(a), explicit or not as the policy's purpose says (`consent.explicit`); a
 * purpose the policy no longer names was still consent-based when it was recorded.
 */
export function consentBasis(purpose: Purpose | undefined): { '@id': string }[] {
  if (!purpose?.consent) return [{ '@id': 'dpv:Consent' }, { '@id': 'eu-gdpr:A6-1-a' }];
  return purpose.consent.explicit
    ? [{ '@id': 'dpv:ExplicitlyExpressedConsent' }, { '@id': 'eu-gdpr:A6-1-a-explicit-consent' }]
    : [{ '@id': 'dpv:ExpressedConsent' }, { '@id': 'eu-gdpr:A6-1-a-non-explicit-consent' }];
}

/**
 * The machine-readable notice's context (src/register/dpv.ts): the receipt's, and the notice's
 * own keys typed (its title per language, the date it takes effect).
 */
export const NOTICE_CONTEXT = {
  ...RECEIPT_CONTEXT,
  'dct:title': { '@container': '@language' },
  'dct:valid': { '@type': 'xsd:date' },
} as const;

/** GDPR Art. 6(1)(b)-(f) (consent, Art. 6(1)(a), is consentBasis's): the DPV basis and the article. */
export const LEGAL_BASIS: Record<Exclude<LegalBasis, 'consent'>, readonly string[]> = {
  contract: ['dpv:Contract', 'eu-gdpr:A6-1-b'],
  'legal-obligation': ['dpv:LegalObligation', 'eu-gdpr:A6-1-c'],
  'vital-interest': ['dpv:VitalInterest', 'eu-gdpr:A6-1-d'],
  'public-task': ['dpv:PublicInterest', 'eu-gdpr:A6-1-e'],
  'legitimate-interest': ['dpv:LegitimateInterest', 'eu-gdpr:A6-1-f'],
};

/** GDPR Art. 9(2)(a)-(j): the condition for a special category, by its letter. */
export const art9Basis = (letter: Art9Condition) => `eu-gdpr:A9-2-${letter}`;

/**
 * GDPR Chapter V: the legal basis of a transfer (Art. 45, 46(2), 47) and the tool it uses, as the
 * DPV 2 GDPR extension names them (its modules legal_basis_data_transfer and data_transfers). An
 * adequacy decision is stated by its article, eu-gdpr:A45-3: eu-gdpr:AdequacyDecision is the class
 * of the individual decisions (one per country, legal-eu:Adequacy-EU-…), which the policy does not
 * name. The EU-US Data Privacy Framework is such a decision; DPV has no tool for it.
 */
export const TRANSFER_BASIS: Record<TransferMechanism, { basis: readonly string[]; tool?: string }> = {
  adequacy: { basis: ['eu-gdpr:A45-3'] },
  dpf: { basis: ['eu-gdpr:A45-3'], tool: 'garde:EUUSDataPrivacyFramework' },
  scc: { basis: ['eu-gdpr:A46-2-c'], tool: 'eu-gdpr:SCCByCommission' },
  bcr: { basis: ['eu-gdpr:A46-2-b'], tool: 'eu-gdpr:BindingCorporateRules' },
  'code-of-conduct': { basis: ['eu-gdpr:A46-2-e'], tool: 'eu-gdpr:CodesOfConductForDataTransfers' },
  certification: { basis: ['eu-gdpr:A46-2-f'], tool: 'eu-gdpr:CertificationMechanismsForDataTransfers' },
  derogation: { basis: ['dpv:DataTransferLegalBasis'] },
};

/** GDPR Art. 49(1)(a)-(g) and its second subparagraph (which DPV names A49-2). */
export const DEROGATION_BASIS: Record<(typeof DEROGATIONS)[number], string> = {
  'explicit-consent': 'eu-gdpr:A49-1-a',
  'contract-with-subject': 'eu-gdpr:A49-1-b',
  'contract-for-subject': 'eu-gdpr:A49-1-c',
  'public-interest': 'eu-gdpr:A49-1-d',
  'legal-claims': 'eu-gdpr:A49-1-e',
  'vital-interests': 'eu-gdpr:A49-1-f',
  'public-register': 'eu-gdpr:A49-1-g',
  'compelling-legitimate-interest': 'eu-gdpr:A49-2',
};

/** Art. 32, EN-16, EN-17: the measures a policy's `security` and encrypted fields state. */
export const SECURITY_MEASURE = {
  transport: 'dpv:EncryptionInTransfer',
  firewall: 'dpv:NetworkSecurityProtocols',
  atRest: 'dpv:EncryptionAtRest',
  sessions: 'garde:SessionTimeout',
} as const;

/** The names Garde gives the policy's things: URNs scoped by the policy id, so two never meet. */
export function iris(policy: Policy) {
  const base = `urn:garde:${policy.policy.id}`;
  const scoped = (kind: string) => (id: string) => `${base}:${kind}:${encodeURIComponent(id)}`;
  return {
    controller: `${base}:controller`,
    dpo: `${base}:dpo`,
    authority: `${base}:authority`,
    notices: `${base}:notice`,
    notice: scoped('notice'),
    purpose: scoped('purpose'),
    category: scoped('category'),
    channel: scoped('channel'),
    recipient: scoped('recipient'),
    retention: scoped('retention'),
    retentionEvent: scoped('retention-event'),
    process: scoped('process'),
    dataSubject: scoped('data-subject'),
    source: scoped('source'),
    transfer: scoped('transfer'),
    entity: scoped('entity'),
    partner: scoped('partner'),
    jointController: scoped('joint-controller'),
    measure: scoped('measure'),
    right: scoped('right'),
    consentInterface: scoped('consent-interface'),
    rightsChannel: scoped('rights-channel'),
  };
}

export const subjectIri = (subjectId: string) => `urn:garde:subject:${subjectId}`;
export const recordIri = (id: number) => `urn:garde:consent:${id}`;

/** xsd:duration has no weeks: P2W is written P14D (days added to any the duration has). */
export function xsdDuration(duration: string): string {
  const weeks = /(\d+)W/.exec(duration);
  if (!weeks) return duration;
  const rest = duration.replace(weeks[0], '');
  const days = /(\d+)D/.exec(rest);
  const total = Number(weeks[1]) * 7 + Number(days?.[1] ?? 0);
  if (days) return rest.replace(days[0], `${total}D`);
  const t = rest.indexOf('T');
  return t < 0 ? `${rest}${total}D` : `${rest.slice(0, t)}${total}D${rest.slice(t)}`;
}
