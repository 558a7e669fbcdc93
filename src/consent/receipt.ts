// Exports a subject's consent records as ISO/IEC TS 27560 consent records in JSON-LD, using
// W3C Data Privacy Vocabulary (DPV) terms, so another system can read the proof without Garde.
import type { Policy } from '../policy/schema.ts';
import { text } from '../policy/summary.ts';
import type { ConsentEvent } from './store.ts';

const STATUS = {
  given: 'dpv:ConsentGiven',
  refused: 'dpv:ConsentRefused',
  withdrawn: 'dpv:ConsentWithdrawn',
} as const;
const METHOD = {
  portal: 'Web form in online banking',
  api: 'API call by an authorised system',
  agent: 'Recorded by an employee at the counter or on the phone',
  letter: 'Letter, recorded by an employee',
  email: 'E-mail, recorded by an employee',
  gpc: 'Global Privacy Control signal from the browser',
} as const;

/**
 * `current`: the ids of the records the decision point reads now (the projection), so the
 * receipt states exactly what is enforced; earlier and replaced records appear as versions.
 */
export function consentReceipt(
  policy: Policy,
  subjectId: string,
  history: readonly ConsentEvent[],
  current: ReadonlySet<number>,
  issuedAt: Date,
) {
  const latest = history.filter((e) => current.has(e.id));
  return {
    '@context': {
      dpv: 'https://w3id.org/dpv#',
      dct: 'http://purl.org/dc/terms/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `urn:garde:consent-records:${subjectId}`,
    'dct:conformsTo': 'ISO/IEC TS 27560:2023',
    'dct:issued': issuedAt.toISOString(),
    records: latest.map((e) => record(policy, e, history)),
  };
}

function record(policy: Policy, e: ConsentEvent, history: readonly ConsentEvent[]) {
  const purpose = policy.purposes.find((p) => p.id === e.purpose);
  return {
    '@id': `urn:garde:consent:${e.id}`,
    '@type': 'dpv:ConsentRecord',
    'dpv:hasDataSubject': { '@id': `urn:garde:subject:${e.subjectId}`, '@type': 'dpv:DataSubject' },
    'dpv:hasDataController': {
      '@type': 'dpv:DataController',
      'dct:title': policy.controller.name,
      'dpv:hasAddress': policy.controller.address,
      'dpv:hasContact': policy.controller.privacyContact,
    },
    'dpv:hasPurpose': {
      '@id': `urn:garde:purpose:${e.purpose}`,
      '@type': 'dpv:Purpose',
      'dct:description': purpose ? text(purpose.description) : e.purpose,
    },
    'dpv:hasPersonalData': (purpose?.categories ?? []).map((c) => ({
      '@id': `urn:garde:category:${c}`,
      '@type': 'dpv:PersonalData',
    })),
    'dpv:hasLegalBasis': {
      '@id': purpose?.consent?.explicit ? 'dpv:ExplicitlyExpressedConsent' : 'dpv:InformedConsent',
    },
    ...(e.channel ? { 'dpv:hasContext': e.channel } : {}),
    'dpv:hasConsentStatus': { '@id': STATUS[e.state] },
    'dpv:isIndicatedAtTime': { '@value': e.recordedAt.toISOString(), '@type': 'xsd:dateTime' },
    'dpv:isIndicatedBy': e.source === 'portal' || e.source === 'gpc' ? 'dpv:DataSubject' : e.actor,
    'dpv:hasIndicationMethod': METHOD[e.source],
    'dpv:hasNotice': { '@id': `urn:garde:notice:${policy.policy.id}:${e.noticeVersion}` },
    // Both facts of a choice made while the browser sent Global Privacy Control.
    'dct:provenance': { userAgent: e.userAgent, network: e.ipPrefix, globalPrivacyControl: e.gpc },
    // The record's own history: every earlier state of the same consent.
    'dct:hasVersion': history
      .filter((h) => h.purpose === e.purpose && h.id < e.id && (h.channel === e.channel || e.channel === ''))
      .map((h) => ({
        '@id': `urn:garde:consent:${h.id}`,
        'dpv:hasConsentStatus': { '@id': STATUS[h.state] },
        'dpv:isIndicatedAtTime': h.recordedAt.toISOString(),
      })),
  };
}
