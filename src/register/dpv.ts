// The machine-readable notice: the policy as W3C DPV JSON-LD, so another system (a regulator's
// tool, a personal data store, a browser extension) reads what Garde enforces without Garde.
// The words are the consent receipt's (src/consent/receipt-vocabulary.ts), extended, and its
// nodes are built the same way, so a receipt's notice, purposes and categories are the very
// nodes this document describes. Source: DPV 2 (https://w3id.org/dpv) and its EU GDPR extension
// (https://w3id.org/dpv/legal/eu/gdpr). Pure.
import {
  authority,
  controller,
  type Names,
  type Node,
  noticeDate,
  personalData,
  storage,
} from '../consent/receipt.ts';
import {
  art9Basis,
  CLOCK,
  consentBasis,
  iris,
  LEGAL_BASIS,
  NOTICE_CONTEXT,
  RECIPIENT_TYPES,
  RIGHT,
} from '../consent/receipt-vocabulary.ts';
import { purposeRetention } from '../policy/retention-rules.ts';
import type { Policy, Purpose, RetentionRule } from '../policy/schema.ts';
import { measures, transfer } from './dpv-safeguards.ts';

const ids = (list: readonly string[]) => list.map((id) => ({ '@id': id }));

/** An empty list is left out: a key with no value would say nothing a processor keeps. */
const some = (key: string, values: readonly unknown[]): Node => (values.length > 0 ? { [key]: values } : {});

/**
 * The policy in force as a dpv:PrivacyNotice (JSON-LD, context inline, so it expands offline):
 * the controller, its DPO and authority; one dpv:Process per purpose with its purpose, legal
 * basis (Art. 6(1), and Art. 9(2) for special categories), data subjects, personal data,
 * sources, recipients, retention (xsd:duration and the clock it runs from) and transfers
 * (Chapter V basis and tool); the rights; the security measures; the version and the date it
 * takes effect. GDPR Art. 12(7): information in a machine-readable form.
 */
export function dpvNotice(policy: Policy) {
  const names = iris(policy);
  const p = policy.policy;
  const used = new Set(policy.purposes.flatMap((x) => x.categories));
  return {
    '@context': NOTICE_CONTEXT,
    '@id': names.notice(p.version),
    '@type': 'dpv:PrivacyNotice',
    'dct:identifier': p.version,
    'dct:hasVersion': p.version,
    'dct:isVersionOf': { '@id': names.notices },
    'dct:title': p.title,
    'dct:valid': noticeDate(String(p.effectiveFrom)),
    'dct:language': p.languages,
    'dct:publisher': { '@id': names.controller },
    'dpv:hasApplicableLaw': { '@id': 'legal-eu:law-GDPR' },
    'dpv:hasDataController': { '@id': names.controller },
    'dpv:hasEntity': [
      controller(policy, names),
      ...authority(policy, names),
      ...groupControllers(policy, names),
      ...partners(policy, names),
    ],
    'dpv:hasProcess': policy.purposes.map((x) => processOf(policy, names, x)),
    // Rules of categories no purpose uses still bind: kept at the notice's level.
    ...some(
      'dpv:hasStorageCondition',
      retention(
        policy,
        names,
        policy.retention.filter((r) => !used.has(r.category)),
      ),
    ),
    'dpv:hasRight': policy.rights.supported.map((r) => ({
      '@id': names.right(r),
      '@type': ['dpv:DataSubjectRight', RIGHT[r]],
      'dpv:isExercisedAt': policy.rights.channels.map((c) => ({
        '@id': names.rightsChannel(c.id),
        ...(c.description ? { 'dct:description': c.description } : {}),
      })),
    })),
    ...some('dpv:hasTechnicalOrganisationalMeasure', measures(policy, names)),
  };
}

/** Group companies that are the controller of their own purposes (`controllerOf`) or a joint one. */
function groupControllers(policy: Policy, names: Names): Node[] {
  const joint = new Set((policy.jointControllers ?? []).flatMap((j) => j.parties));
  return policy.controller.entities
    .filter((e) => e.controllerOf || joint.has(e.id))
    .map((e) => ({
      '@id': names.entity(e.id),
      '@type': ['dpv:DataController', 'dpv:Organisation'],
      'dpv:hasName': e.name,
      ...(e.address ? { 'dpv:hasAddress': e.address } : {}),
      ...(e.privacyContact ? { 'dpv:hasContact': { '@id': `mailto:${e.privacyContact}` } } : {}),
    }));
}

/** EN-2: the partners the policy processes data for, each the controller of that data. */
function partners(policy: Policy, names: Names): Node[] {
  return (policy.partnerControllers ?? []).map((c) => ({
    '@id': names.partner(c.id),
    '@type': ['dpv:DataController', 'dpv:Organisation'],
    'dpv:hasName': c.name,
    ...(c.policyUrl ? { 'dpv:hasNotice': { '@id': c.policyUrl } } : {}),
    'dpv:hasDataProcessor': { '@id': names.controller },
    ...some(
      'dpv:hasPersonalData',
      c.categories.map((id) => ({ '@id': names.category(id) })),
    ),
  }));
}

function processOf(policy: Policy, names: Names, x: Purpose): Node {
  const entity = policy.controller.entities.find((e) => e.controllerOf?.includes(x.id));
  const recipients = policy.recipients.filter((r) => r.purposes.includes(x.id));
  const joint = (policy.jointControllers ?? []).filter((j) => j.purposes.includes(x.id));
  const transfers = recipients.flatMap((r) => transfer(policy, names, r));
  return {
    '@id': names.process(x.id),
    '@type': 'dpv:Process',
    'dpv:hasPurpose': {
      '@id': names.purpose(x.id),
      '@type': 'dpv:Purpose',
      'dct:description': x.description,
    },
    'dpv:hasLegalBasis': legalBasis(policy, names, x),
    'dpv:hasDataController': { '@id': entity ? names.entity(entity.id) : names.controller },
    ...some(
      'dpv:hasJointDataControllers',
      joint.map((j) => ({
        '@id': names.jointController(j.id),
        '@type': 'dpv:JointDataControllers',
        // Art. 26: each party, an entity of the controller's or an outside one by its name.
        'dpv:hasDataController': j.parties.map((party) =>
          typeof party === 'string'
            ? { '@id': names.entity(party) }
            : { '@type': 'dpv:DataController', 'dpv:hasName': party.name },
        ),
        ...(j.essence ? { 'dct:description': j.essence } : {}),
      })),
    ),
    // What is done with the data beyond the purpose itself: profiling, and transfers outside the
    // EEA (each also a process of its own below, with its recipient, country and Chapter V basis).
    ...some('dpv:hasProcessing', [
      ...(x.profiling ? [{ '@id': 'dpv:Profiling' }] : []),
      ...(transfers.length > 0 ? [{ '@id': 'dpv:Transfer' }] : []),
    ]),
    ...some('dpv:hasDataSubject', dataSubjects(policy, names, x)),
    'dpv:hasPersonalData': x.categories.map((id) => category(policy, names, id)),
    ...some('dpv:hasDataSource', sources(policy, names, x)),
    ...some(
      'dpv:hasRecipient',
      recipients.map((r) => ({
        '@id': names.recipient(r.id),
        '@type': RECIPIENT_TYPES[r.kind],
        'dpv:hasName': r.name,
        // RT-32: a recipient named by kind only has no stated location.
        ...(r.country ? { 'dpv:hasLocation': { '@id': `loc:${r.country}` } } : {}),
      })),
    ),
    // The register's rules for the purpose: scoped by the rules' purposes and lifecycles.
    ...some('dpv:hasStorageCondition', retention(policy, names, purposeRetention(policy, x))),
    // DPV 2 links a process to the processes it involves with dpv:hasProcess ("indicates
    // association with a Process"): one per transfer, whose own dpv:hasProcessing is dpv:Transfer.
    ...some('dpv:hasProcess', transfers),
  };
}

/** Art. 6(1) as the purpose states it; Art. 9(2) for each special category it uses (IN-6). */
function legalBasis(policy: Policy, names: Names, x: Purpose): Node[] {
  const art6 = x.legalBasis === 'consent' ? consentBasis(x) : ids(LEGAL_BASIS[x.legalBasis]);
  const interest = x.legitimateInterest?.interest
    ? [
        {
          '@id': `${names.process(x.id)}#legitimate-interest`,
          '@type': 'dpv:LegitimateInterestOfController',
          'dct:description': x.legitimateInterest.interest,
        },
      ]
    : [];
  const art9 = x.categories.flatMap((id) => {
    const c = policy.categories.find((y) => y.id === id);
    const letter = x.special?.find((s) => s.category === id)?.condition ?? c?.special?.condition;
    return letter ? [{ '@id': art9Basis(letter) }] : [];
  });
  return [...art6, ...interest, ...art9];
}

/** Art. 9(1): a special category is typed so; each category keeps the receipt's node. */
function category(policy: Policy, names: Names, id: string): Node {
  const c = policy.categories.find((y) => y.id === id);
  const node = personalData(policy, names, id);
  if (c?.special) return { ...node, '@type': ['dpv:PersonalData', 'dpv:SpecialCategoryPersonalData'] };
  if (c?.criminal) return { ...node, '@type': ['dpv:PersonalData', 'dpv:SensitivePersonalData'] };
  return node;
}

/** Art. 30(1)(c): the kinds of people the purpose concerns (its lifecycles, else every kind). */
function dataSubjects(policy: Policy, names: Names, x: Purpose): Node[] {
  const only = x.lifecycles;
  const matching = only ? policy.dataSubjects.filter((k) => k.lifecycle && only.includes(k.lifecycle)) : [];
  return (matching.length > 0 ? matching : policy.dataSubjects).map((k) => ({
    '@id': names.dataSubject(k.id),
    '@type': k.lifecycle === 'customer' ? ['dpv:DataSubject', 'dpv:Customer'] : 'dpv:DataSubject',
    'dct:description': k.description,
  }));
}

/** Art. 14(2)(f): where the purpose's categories come from. */
function sources(policy: Policy, names: Names, x: Purpose): Node[] {
  const wanted = new Set(
    x.categories.flatMap((id) => policy.categories.find((c) => c.id === id)?.sources ?? []),
  );
  return (policy.sources ?? [])
    .filter((s) => wanted.has(s.id))
    .map((s) => ({ '@id': names.source(s.id), '@type': 'dpv:DataSource', 'dct:description': s.description }));
}

/**
 * Art. 13(2)(a): the receipt's storage durations, with the notice's own words for a period it
 * states without a number (and the clock a declared event runs, by its description).
 */
function retention(policy: Policy, names: Names, rules: readonly RetentionRule[]): Node[] {
  return storage(policy, names, rules).map((node) => {
    const rule = policy.retention.find((r) => names.retention(r.id) === node['@id']);
    const event = (policy.retentionEvents ?? []).find((e) => e.id === rule?.clock);
    return {
      ...node,
      ...(rule?.period ? { 'dct:description': rule.period } : {}),
      ...(event && !(event.id in CLOCK)
        ? {
            'garde:countedFrom': {
              '@id': names.retentionEvent(event.id),
              'dct:description': event.description,
            },
          }
        : {}),
    };
  });
}
