// Exports a subject's consent records as an ISO/IEC TS 27560 consent receipt in JSON-LD, using
// W3C Data Privacy Vocabulary (DPV) terms as the DPV-27560 profile lays them out, so another
// system can read the proof without Garde. Everything comes from the ledger and the policy. Pure.
import { compilePolicy } from '../decide/compile.ts';
import { isOutdated } from '../decide/consent.ts';
import { isYearMonth } from '../policy/effective-date.ts';
import { isLegalObligation, purposeRetention } from '../policy/retention-rules.ts';
import type { Policy, Purpose, RetentionRule } from '../policy/schema.ts';
import { consentInterfaceOf, recordedByController, type Source } from './model.ts';
import {
  CLOCK,
  consentBasis,
  GARDE_METHOD,
  iris,
  PROFILE,
  RECEIPT_CONTEXT,
  RECIPIENT_TYPES,
  RIGHT,
  recordIri,
  STATUS,
  subjectIri,
  xsdDuration,
} from './receipt-vocabulary.ts';
import type { ConsentEvent } from './store.ts';

export type Node = Record<string, unknown>;
export type Names = ReturnType<typeof iris>;

/**
 * The receipt (dpv:ConsentReceipt) of what is enforced now: one dpv:ConsentRecord per record
 * the decision point reads (`current`, the projection's ledger ids), each with its earlier
 * ledger entries as versions. `receiptId`: a UUID naming this receipt; `issuedAt`: its
 * dct:created. Keys are compact IRIs over the inline `@context`, so it expands offline.
 * Never names who acted (a key or a member of staff): the person indicates, the controller
 * records. Jurisdiction only when the policy names the controller's country.
 */
export function consentReceipt(
  policy: Policy,
  subjectId: string,
  history: readonly ConsentEvent[],
  current: ReadonlySet<number>,
  issuedAt: Date,
  receiptId: string,
) {
  const names = iris(policy);
  return {
    '@context': RECEIPT_CONTEXT,
    '@id': `urn:uuid:${receiptId}`,
    '@type': 'dpv:ConsentReceipt',
    'dct:identifier': receiptId,
    'dpv:hasIdentifier': receiptId,
    'dct:conformsTo': [{ '@id': PROFILE.receipt }, { '@id': PROFILE.standard }],
    'dct:created': issuedAt.toISOString(),
    'dct:publisher': { '@id': names.controller },
    'dct:audience': { '@id': subjectIri(subjectId) },
    'dpv:hasEntity': [controller(policy, names), ...authority(policy, names)],
    ...some(
      'dpv:hasRecordOfActivity',
      history.filter((e) => current.has(e.id)).map((e) => record(policy, names, e, history)),
    ),
  };
}

export function controller(policy: Policy, names: Names): Node {
  const c = policy.controller;
  return {
    '@id': names.controller,
    '@type': ['dpv:DataController', 'dpv:Organisation'],
    'dpv:hasIdentifier': names.controller,
    'dpv:hasName': c.name,
    'dpv:hasAddress': c.address,
    'dpv:hasContact': { '@id': `mailto:${c.privacyContact}` },
    ...(c.country ? { 'dpv:hasLocation': { '@id': `loc:${c.country}` } } : {}),
    ...(c.dpo ? { 'dpv:hasDataProtectionOfficer': dpo(c.dpo, names) } : {}),
  };
}

/** GDPR Art. 13(1)(b), 37(7): the data protection officer, reachable apart from the privacy mailbox. */
function dpo(d: NonNullable<Policy['controller']['dpo']>, names: Names): Node {
  return {
    '@id': names.dpo,
    '@type': 'dpv:DataProtectionOfficer',
    ...(d.name ? { 'dpv:hasName': d.name } : {}),
    'dpv:hasContact': [{ '@id': `mailto:${d.email}` }, ...(d.url ? [{ '@id': d.url }] : [])],
    ...(d.address ? { 'dpv:hasAddress': d.address } : {}),
  };
}

/** GDPR Art. 13(2)(d): the authority to complain to, when the policy names one. */
export function authority(policy: Policy, names: Names): Node[] {
  const a = policy.controller.supervisoryAuthority;
  if (!a) return [];
  // IN-25: an authority reached by post or e-mail has no web address to name it by.
  const contact = a.email ? { 'dpv:hasContact': { '@id': `mailto:${a.email}` } } : {};
  return [
    {
      '@id': a.url ?? names.authority,
      '@type': 'dpv:DataProtectionAuthority',
      'dpv:hasName': a.name,
      ...contact,
      ...(a.address ? { 'dpv:hasAddress': a.address } : {}),
    },
  ];
}

function record(policy: Policy, names: Names, e: ConsentEvent, history: readonly ConsentEvent[]): Node {
  const purpose = policy.purposes.find((p) => p.id === e.purpose);
  const country = policy.controller.country;
  const a = policy.controller.supervisoryAuthority;
  const authorityIri = a ? (a.url ?? names.authority) : undefined;
  return {
    '@id': recordIri(e.id),
    '@type': 'dpv:ConsentRecord',
    'dct:identifier': String(e.id),
    'dct:conformsTo': { '@id': PROFILE.record },
    'dpv:hasDataSubject': { '@id': subjectIri(e.subjectId), '@type': 'dpv:DataSubject' },
    'dpv:hasDataController': { '@id': names.controller },
    ...(country ? { 'dpv:hasJurisdiction': { '@id': `loc:${country}` } } : {}),
    // The policy format's legal bases and rights are the GDPR's (Art. 6, 7(3), 15-21).
    'dpv:hasApplicableLaw': { '@id': 'legal-eu:law-GDPR' },
    ...(authorityIri ? { 'dpv:hasAuthority': { '@id': authorityIri } } : {}),
    'dpv:hasProcess': process(policy, names, e, purpose),
    ...controls(policy, names, purpose),
    ...event(policy, names, e),
    ...(invalidated(policy, e)
      ? // Issue 17: given under an earlier policy whose change since renews this purpose's consent,
        // it no longer counts (decide() answers consent.outdated) until the person gives it again.
        { 'dpv:hasConsentStatus': { '@id': 'dpv:ConsentInvalidated' }, 'garde:invalidatedBy': POLICY_CHANGE }
      : // Garde's consent has no expiry: a consent given holds until the person withdraws it.
        e.state === 'given'
        ? { 'dpv:hasDuration': UNTIL_WITHDRAWN }
        : {}),
    ...some(
      'dct:hasVersion',
      earlierVersions(e, history).map((h) => ({
        '@id': recordIri(h.id),
        '@type': 'dpv:ConsentRecord',
        'dct:identifier': String(h.id),
        ...event(policy, names, h),
      })),
    ),
  };
}

/** Whether a `given` record was made within one of its purpose's outdated windows (src/decide/consent.ts). */
function invalidated(policy: Policy, e: ConsentEvent): boolean {
  const windows = compilePolicy(policy).outdatedConsents.get(e.purpose);
  return e.state === 'given' && windows !== undefined && isOutdated(e.recordedAt.getTime(), windows);
}

const POLICY_CHANGE = { '@id': 'garde:MaterialPolicyChange' };

const UNTIL_WITHDRAWN = { '@type': 'dpv:UntilEventDuration', 'rdf:value': { '@id': 'dpv:ConsentWithdrawn' } };

/** An empty list is left out: a key with no value would say nothing a processor keeps. */
function some(key: string, values: readonly unknown[]): Node {
  return values.length > 0 ? { [key]: values } : {};
}

/** GDPR Art. 7(3), 13(2)(b)-(c): where to withdraw this consent, and the rights and where to use them. */
function controls(policy: Policy, names: Names, purpose: Purpose | undefined): Node {
  const withdrawVia = (purpose?.consent?.withdrawVia ?? []).map((w) => method(policy, names, w));
  const exercisedAt = policy.rights.channels.map((c) => ({ '@id': names.rightsChannel(c.id) }));
  return {
    'dpv:hasConsentControl': { '@type': 'dpv:WithdrawConsent', ...some('dpv:isExercisedAt', withdrawVia) },
    'dpv:hasRight': policy.rights.supported.map((r) => ({
      '@id': names.right(r),
      '@type': ['dpv:DataSubjectRight', RIGHT[r]],
      'dpv:isExercisedAt': exercisedAt,
    })),
  };
}

/** The record's own history: every earlier state of the same consent (same purpose and channel). */
function earlierVersions(e: ConsentEvent, history: readonly ConsentEvent[]): ConsentEvent[] {
  return history.filter(
    (h) => h.purpose === e.purpose && h.id < e.id && (h.channel === e.channel || e.channel === ''),
  );
}

/**
 * One ledger entry as a consent event: its state, when, by whom, how, under which notice. The
 * device and network are the person's only when the person acted themselves; written down by
 * staff or another system, they are the controller's own, and stay out of the receipt.
 */
function event(policy: Policy, names: Names, e: ConsentEvent): Node {
  const recorded = recordedByController(policy, e.source);
  return {
    'dpv:hasConsentStatus': { '@id': STATUS[e.state] },
    'dpv:isIndicatedAtTime': e.recordedAt.toISOString(),
    'dpv:isIndicatedBy': { '@id': subjectIri(e.subjectId) },
    ...(recorded ? { 'dpv:isImplementedByEntity': { '@id': names.controller } } : {}),
    'dpv:hasIndicationMethod': method(policy, names, e.source),
    'dpv:hasNotice': notice(policy, names, e.noticeVersion, e.noticeLanguage),
    ...(e.userAgent && !recorded ? { 'garde:userAgent': e.userAgent } : {}),
    ...(e.ipPrefix && !recorded ? { 'garde:networkPrefix': e.ipPrefix } : {}),
    'garde:underGlobalPrivacyControl': e.gpc,
  };
}

/**
 * The interface a choice came through, in the policy's words (its `consentInterfaces`): the
 * receipt's collection method. Garde's own interfaces, and sources the policy no longer
 * declares, by Garde's terms.
 */
function method(policy: Policy, names: Names, source: Source): Node {
  const declared = consentInterfaceOf(policy, source);
  if (declared)
    return {
      '@id': names.consentInterface(source),
      '@type': 'garde:ConsentInterface',
      'dct:description': declared.description,
    };
  return { '@id': GARDE_METHOD[source] ?? names.consentInterface(source) };
}

/**
 * The notice the choice was made under: its version and, when the ledger recorded it, the
 * language the person read it in (each language's text is a node of its own, so two choices
 * read in two languages never merge). Without it, the languages it was published in, known
 * only for the version in force, as is its date.
 */
function notice(policy: Policy, names: Names, version: string, language: string | null): Node {
  const inForce = version === policy.policy.version;
  const id = names.notice(version);
  const published = inForce ? { 'dct:date': noticeDate(policy.policy.effectiveFrom) } : {};
  if (language) {
    return {
      '@id': `${id}:${language}`,
      '@type': 'dpv:ConsentNotice',
      'dct:identifier': version,
      'dct:language': language,
      'dct:isVersionOf': { '@id': names.notices },
      ...published,
    };
  }
  return {
    '@id': id,
    '@type': 'dpv:ConsentNotice',
    'dct:identifier': version,
    'dct:isVersionOf': { '@id': names.notices },
    ...(inForce ? { 'dct:language': policy.policy.languages, ...published } : {}),
  };
}

function process(policy: Policy, names: Names, e: ConsentEvent, purpose: Purpose | undefined): Node {
  const categories = purpose?.categories ?? [];
  return {
    '@type': 'dpv:Process',
    'dpv:hasPurpose': {
      '@id': names.purpose(e.purpose),
      '@type': 'dpv:Purpose',
      ...(purpose ? { 'dct:description': purpose.description } : {}),
    },
    'dpv:hasLegalBasis': consentBasis(purpose),
    ...some(
      'dpv:hasPersonalData',
      categories.map((id) => personalData(policy, names, id)),
    ),
    ...some(
      'dpv:hasStorageCondition',
      storage(policy, names, purpose ? purposeRetention(policy, purpose) : []),
    ),
    ...some(
      'dpv:hasRecipient',
      policy.recipients
        .filter((r) => r.purposes.includes(e.purpose))
        .map((r) => ({
          '@id': names.recipient(r.id),
          '@type': RECIPIENT_TYPES[r.kind],
          'dpv:hasName': r.name,
          // RT-32: a recipient named by kind only has no stated location.
          ...(r.country ? { 'dpv:hasLocation': { '@id': `loc:${r.country}` } } : {}),
        })),
    ),
    ...(e.channel ? { 'dpv:hasContext': channel(policy, names, e.channel) } : {}),
  };
}

export function personalData(policy: Policy, names: Names, id: string): Node {
  const category = policy.categories.find((c) => c.id === id);
  return {
    '@id': names.category(id),
    '@type': 'dpv:PersonalData',
    ...(category ? { 'dct:description': category.description } : {}),
  };
}

/**
 * GDPR Art. 13(2)(a): how long each rule keeps its category, and from when. A purpose's rules are
 * purposeRetention's (src/policy/retention-rules.ts), the register's too.
 */
export function storage(policy: Policy, names: Names, rules: readonly RetentionRule[]): Node[] {
  return rules.map((r) => ({
    '@id': names.retention(r.id),
    '@type': 'dpv:StorageDuration',
    'dpv:hasPersonalData': { '@id': names.category(r.category) },
    // Named, not blank: every record of the purpose repeats this node, and a blank one would double.
    'dpv:hasDuration': r.duration
      ? {
          '@id': `${names.retention(r.id)}#duration`,
          '@type': 'dpv:TemporalDuration',
          'rdf:value': { '@value': xsdDuration(r.duration), '@type': 'xsd:duration' },
        }
      : { '@id': `${names.retention(r.id)}#duration`, '@type': 'dpv:IndeterminateDuration' },
    ...(r.clock
      ? {
          'garde:countedFrom': {
            '@id': r.clock in CLOCK ? CLOCK[r.clock as keyof typeof CLOCK] : names.retentionEvent(r.clock),
          },
        }
      : {}),
    // Issue 13: a period stated for some purposes only says which.
    ...(r.purposes ? { 'dpv:hasPurpose': r.purposes.map((id) => ({ '@id': names.purpose(id) })) } : {}),
    ...(isLegalObligation(policy, r) ? { 'dpv:hasLegalBasis': { '@id': 'eu-gdpr:A6-1-c' } } : {}),
  }));
}

function channel(policy: Policy, names: Names, id: string): Node {
  const c = policy.communications?.channels.find((x) => x.id === id);
  return {
    '@id': names.channel(id),
    '@type': 'garde:Channel',
    ...(c ? { 'dct:description': c.description } : {}),
  };
}

/** A notice dated by month only ("Stand: Mai 2018") is an xsd:gYearMonth: no day is invented. */
export function noticeDate(effectiveFrom: string): string | { '@value': string; '@type': string } {
  return isYearMonth(effectiveFrom) ? { '@value': effectiveFrom, '@type': 'xsd:gYearMonth' } : effectiveFrom;
}
