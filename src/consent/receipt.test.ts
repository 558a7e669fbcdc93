// The consent receipt read by a JSON-LD processor (jsonld.js), as another system would read it:
// expanded and turned into RDF offline, in safe mode, so a key it cannot map fails the test
// instead of being dropped. Both example policies: nothing in the receipt assumes one. BK-16, EN-9.
import { describe, expect, it } from 'vitest';
import { bankWithRetention } from '../../test/support/bank-with-retention.ts';
import {
  compactIris,
  keysOf,
  offlineReader,
  type Quad,
  type Term,
} from '../../test/support/jsonld-offline.ts';
import { consentChannelsOf, withOutdatedConsents } from '../decide/compile.ts';
import { purposeRetention } from '../policy/retention-rules.ts';
import type { Policy } from '../policy/schema.ts';
import { text } from '../policy/summary.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { consentReceipt } from './receipt.ts';
import { CLOCK, GARDE_METHOD, RECEIPT_CONTEXT, RIGHT, STATUS, xsdDuration } from './receipt-vocabulary.ts';
import type { ConsentEvent } from './store.ts';

const x = compactIris(RECEIPT_CONTEXT);
const XSD = (t: string) => x(`xsd:${t}`);

const { fetched, expand, toRdf } = offlineReader('a receipt');

const objects = (quads: Quad[], s: string, p: string) =>
  quads.filter((q) => q.subject.value === s && q.predicate.value === x(p)).map((q) => q.object);
const values = (quads: Quad[], s: string, p: string) =>
  objects(quads, s, p)
    .map((o) => o.value)
    .sort();
const only = (quads: Quad[], s: string, p: string) => {
  const found = objects(quads, s, p);
  expect(found, `${s} ${p}`).toHaveLength(1);
  return found[0] as Term;
};

const SUBJECT = '6f1c9a52-3b7e-4d10-9a8f-2c4e5b6d7e80';
const STAFF_KEY = 'key:staff-4f2a9c';
const RECEIPT_ID = 'c0a8012e-7d4b-4e8a-b1f2-9e3d5c6a7b80';

/** The policy's first interface where the person acts themselves, and its first one staff record. */
const selfService = (policy: Policy) =>
  policy.consentInterfaces?.find((i) => i.recordedBy === 'data-subject' && !i.signal)?.id ?? 'api';
const staffDesk = (policy: Policy) =>
  policy.consentInterfaces?.find((i) => i.recordedBy === 'controller')?.id ?? 'api';

/** The IRI of the collection method the receipt states for `source`. */
const methodIri = (policy: Policy, source: string) =>
  policy.consentInterfaces?.some((i) => i.id === source)
    ? `urn:garde:${policy.policy.id}:consent-interface:${source}`
    : x(GARDE_METHOD[source] as string);

/** A ledger from the policy alone: a consent given then withdrawn by an agent, and a channel's own. */
function ledger(policy: Policy) {
  const consentBased = policy.purposes.filter((p) => p.legalBasis === 'consent');
  const wide = consentBased[0];
  const perChannel = consentBased.find((p) => p.consent?.perChannel) ?? wide;
  const channel = perChannel ? (consentChannelsOf(policy, perChannel.id)?.[0] ?? '') : '';
  if (!wide || !perChannel || !channel)
    throw new Error('the policy needs a consent purpose taken per channel');
  const proof = {
    subjectId: SUBJECT,
    noticeVersion: policy.policy.version,
    noticeLanguage: null,
    userAgent: null,
    ipPrefix: null,
  };
  const history: ConsentEvent[] = [
    {
      ...proof,
      id: 11,
      purpose: wide.id,
      channel: '',
      state: 'given',
      actor: 'key:customer-1',
      source: selfService(policy),
      noticeLanguage: policy.policy.languages.at(-1) as string,
      recordedAt: new Date('2026-11-02T09:15:00.000Z'),
      userAgent: 'Mozilla/5.0 test',
      ipPrefix: '203.0.113.0/24',
      gpc: false,
    },
    {
      ...proof,
      id: 12,
      purpose: wide.id,
      channel: '',
      state: 'withdrawn',
      actor: STAFF_KEY,
      source: staffDesk(policy),
      // The branch workstation: the controller's, not the person's.
      userAgent: 'BranchDesk/4.2 (WS-0042)',
      ipPrefix: '10.20.30.0/24',
      recordedAt: new Date('2026-11-03T14:00:00.000Z'),
      gpc: false,
    },
    {
      ...proof,
      id: 13,
      purpose: perChannel.id,
      channel,
      state: 'given',
      actor: 'key:customer-1',
      source: selfService(policy),
      recordedAt: new Date('2026-11-04T08:30:00.000Z'),
      noticeVersion: 'an earlier notice',
      gpc: true,
    },
  ];
  return { history, current: new Set([12, 13]) };
}

function receiptOf(policy: Policy) {
  const { history, current } = ledger(policy);
  const issuedAt = new Date('2026-11-05T00:00:00.000Z');
  return { history, receipt: consentReceipt(policy, SUBJECT, history, current, issuedAt, RECEIPT_ID) };
}

// The bank's notice states no retention for most of its categories; its copy with a bank's usual
// rules added (contract-end clocks, an anonymising obligation) holds every kind of rule to the
// receipt's storage conditions.
const BANK_WITH_RETENTION = await bankWithRetention();

describe.each([
  ['policies/retail-bank.yaml', 'policies/retail-bank.yaml'],
  ['the bank policy with retention rules added', BANK_WITH_RETENTION],
  ['policies/energy-services.yaml', 'policies/energy-services.yaml'],
])('the consent receipt of %s', (_name, file) => {
  it('expands offline in safe mode, and every key it uses is a predicate of its RDF (none dropped)', async () => {
    const { receipt } = receiptOf(await loadPolicyOrThrow(file));
    fetched.length = 0;
    await expect(expand(receipt)).resolves.toHaveLength(1);
    const predicates = new Set((await toRdf(receipt)).map((q) => q.predicate.value));
    for (const key of keysOf(receipt, ['dct:description'])) expect(predicates, key).toContain(x(key));
    expect(fetched).toEqual([]);
  });

  it('is a dpv:ConsentReceipt with an identifier, a typed creation time and the DPV-27560 profile', async () => {
    const policy = await loadPolicyOrThrow(file);
    const quads = await toRdf(receiptOf(policy).receipt);
    const id = `urn:uuid:${RECEIPT_ID}`;
    expect(values(quads, id, 'rdf:type')).toEqual([x('dpv:ConsentReceipt')]);
    expect(values(quads, id, 'dct:identifier')).toEqual([RECEIPT_ID]);
    expect(values(quads, id, 'dct:conformsTo')).toContain(
      'https://w3id.org/dpv/schema/dpv-27560#receipt-record',
    );
    expect(only(quads, id, 'dct:created')).toMatchObject({
      value: '2026-11-05T00:00:00.000Z',
      datatype: { value: XSD('dateTime') },
    });
    expect(values(quads, id, 'dpv:hasRecordOfActivity')).toEqual([
      'urn:garde:consent:12',
      'urn:garde:consent:13',
    ]);
    const controller = only(quads, id, 'dct:publisher').value;
    expect(values(quads, controller, 'dpv:hasName')).toEqual([policy.controller.name]);
    expect(values(quads, controller, 'dpv:hasContact')).toEqual([
      `mailto:${policy.controller.privacyContact}`,
    ]);
    const authority = policy.controller.supervisoryAuthority;
    // A policy that names none: the receipt names none either (see the test below).
    if (!authority) return;
    const authorityIri = authority.url ?? `urn:garde:${policy.policy.id}:authority`;
    expect(values(quads, authorityIri, 'rdf:type')).toEqual([x('dpv:DataProtectionAuthority')]);
    expect(values(quads, authorityIri, 'dpv:hasName')).toEqual([authority.name]);
  });

  it("states each record's consent as triples: subject, status, typed time, notice, purpose, basis, data, recipients, retention", async () => {
    const policy = await loadPolicyOrThrow(file);
    const { history } = receiptOf(policy);
    const quads = await toRdf(receiptOf(policy).receipt);
    for (const e of history.filter((h) => h.id !== 11)) {
      const r = `urn:garde:consent:${e.id}`;
      const purpose = policy.purposes.find((p) => p.id === e.purpose) as Policy['purposes'][number];
      expect(values(quads, r, 'rdf:type')).toEqual([x('dpv:ConsentRecord')]);
      expect(values(quads, r, 'dct:identifier')).toEqual([String(e.id)]);
      expect(values(quads, r, 'dpv:hasDataSubject')).toEqual([`urn:garde:subject:${SUBJECT}`]);
      expect(values(quads, r, 'dpv:hasConsentStatus')).toEqual([x(STATUS[e.state])]);
      expect(only(quads, r, 'dpv:isIndicatedAtTime')).toMatchObject({
        value: e.recordedAt.toISOString(),
        datatype: { value: XSD('dateTime') },
      });
      expect(values(quads, r, 'dpv:hasIndicationMethod')).toEqual([methodIri(policy, e.source)]);
      expect(values(quads, r, 'dpv:hasJurisdiction')).toEqual(
        policy.controller.country ? [x(`loc:${policy.controller.country}`)] : [],
      );
      expect(values(quads, r, 'dpv:hasApplicableLaw')).toEqual([x('legal-eu:law-GDPR')]);

      const process = only(quads, r, 'dpv:hasProcess').value;
      const purposeIri = only(quads, process, 'dpv:hasPurpose').value;
      expect(purposeIri).toBe(`urn:garde:${policy.policy.id}:purpose:${e.purpose}`);
      for (const language of policy.policy.languages) {
        const said = objects(quads, purposeIri, 'dct:description').find((o) => o.language === language);
        expect(said?.value, language).toBe(text(purpose.description, language));
      }
      const basis = purpose.consent?.explicit
        ? ['dpv:ExplicitlyExpressedConsent', 'eu-gdpr:A6-1-a-explicit-consent']
        : ['dpv:ExpressedConsent', 'eu-gdpr:A6-1-a-non-explicit-consent'];
      expect(values(quads, process, 'dpv:hasLegalBasis')).toEqual(basis.map(x).sort());
      const categories = purpose.categories.map((c) => `urn:garde:${policy.policy.id}:category:${c}`);
      expect(values(quads, process, 'dpv:hasPersonalData')).toEqual(categories.sort());
      const recipients = policy.recipients.filter((x) => x.purposes.includes(e.purpose));
      expect(values(quads, process, 'dpv:hasRecipient')).toEqual(
        recipients.map((x) => `urn:garde:${policy.policy.id}:recipient:${x.id}`).sort(),
      );
      for (const recipient of recipients) {
        const iri = `urn:garde:${policy.policy.id}:recipient:${recipient.id}`;
        expect(values(quads, iri, 'rdf:type')).toContain(x('dpv:Recipient'));
        expect(values(quads, iri, 'dpv:hasLocation')).toEqual(
          recipient.country ? [x(`loc:${recipient.country}`)] : [],
        );
      }
      const rules = purposeRetention(policy, purpose);
      expect(values(quads, process, 'dpv:hasStorageCondition')).toHaveLength(rules.length);
      for (const rule of rules) {
        const iri = `urn:garde:${policy.policy.id}:retention:${rule.id}`;
        const duration = only(quads, iri, 'dpv:hasDuration').value;
        expect(only(quads, duration, 'rdf:value')).toMatchObject({
          value: xsdDuration(rule.duration as string),
          datatype: { value: XSD('duration') },
        });
        expect(values(quads, iri, 'garde:countedFrom')).toEqual([x(CLOCK[rule.clock as keyof typeof CLOCK])]);
      }
      const context = e.channel ? [`urn:garde:${policy.policy.id}:channel:${e.channel}`] : [];
      expect(values(quads, process, 'dpv:hasContext')).toEqual(context);

      const control = only(quads, r, 'dpv:hasConsentControl').value;
      expect(values(quads, control, 'rdf:type')).toEqual([x('dpv:WithdrawConsent')]);
      expect(values(quads, control, 'dpv:isExercisedAt')).toEqual(
        (purpose.consent?.withdrawVia ?? []).map((w) => methodIri(policy, w)).sort(),
      );
      const rights = values(quads, r, 'dpv:hasRight').flatMap((right) => values(quads, right, 'rdf:type'));
      for (const right of policy.rights.supported) expect(rights).toContain(x(RIGHT[right]));
    }
  });

  it('the person indicates every choice; the controller records what staff took down; no key or actor appears', async () => {
    const policy = await loadPolicyOrThrow(file);
    const { receipt } = receiptOf(policy);
    expect(JSON.stringify(receipt)).not.toMatch(/key:|staff-4f2a9c|customer-1|BranchDesk|10\.20\.30/);
    const quads = await toRdf(receipt);
    const person = `urn:garde:subject:${SUBJECT}`;
    const controller = `urn:garde:${policy.policy.id}:controller`;
    for (const r of ['urn:garde:consent:11', 'urn:garde:consent:12', 'urn:garde:consent:13'])
      expect(values(quads, r, 'dpv:isIndicatedBy')).toEqual([person]);
    expect(values(quads, 'urn:garde:consent:12', 'dpv:isImplementedByEntity')).toEqual([controller]);
    expect(values(quads, 'urn:garde:consent:13', 'dpv:isImplementedByEntity')).toEqual([]);
  });

  it('keeps the earlier versions, the notice each choice was made under and its provenance, all typed', async () => {
    const policy = await loadPolicyOrThrow(file);
    const quads = await toRdf(receiptOf(policy).receipt);
    expect(values(quads, 'urn:garde:consent:12', 'dct:hasVersion')).toEqual(['urn:garde:consent:11']);
    expect(values(quads, 'urn:garde:consent:11', 'dpv:hasConsentStatus')).toEqual([x('dpv:ConsentGiven')]);
    expect(only(quads, 'urn:garde:consent:11', 'dpv:isIndicatedAtTime').datatype?.value).toBe(
      XSD('dateTime'),
    );
    expect(values(quads, 'urn:garde:consent:11', 'garde:userAgent')).toEqual(['Mozilla/5.0 test']);
    expect(values(quads, 'urn:garde:consent:11', 'garde:networkPrefix')).toEqual(['203.0.113.0/24']);
    expect(only(quads, 'urn:garde:consent:13', 'garde:underGlobalPrivacyControl')).toMatchObject({
      value: 'true',
      datatype: { value: XSD('boolean') },
    });

    const inForce = only(quads, 'urn:garde:consent:12', 'dpv:hasNotice').value;
    expect(values(quads, inForce, 'rdf:type')).toEqual([x('dpv:ConsentNotice')]);
    expect(values(quads, inForce, 'dct:identifier')).toEqual([policy.policy.version]);
    const languages = objects(quads, inForce, 'dct:language');
    expect(languages.map((l) => l.value).sort()).toEqual([...policy.policy.languages].sort());
    expect(languages.every((l) => l.datatype?.value === XSD('language'))).toBe(true);
    // The ledger recorded the language the person read the notice in: that one, alone.
    const read = only(quads, 'urn:garde:consent:11', 'dpv:hasNotice').value;
    expect(read).not.toBe(inForce);
    expect(values(quads, read, 'dct:language')).toEqual([policy.policy.languages.at(-1)]);
    expect(values(quads, read, 'dct:identifier')).toEqual([policy.policy.version]);
    // A notice no longer in force: its version, but no languages the receipt cannot know.
    const earlier = only(quads, 'urn:garde:consent:13', 'dpv:hasNotice').value;
    expect(values(quads, earlier, 'dct:identifier')).toEqual(['an earlier notice']);
    expect(values(quads, earlier, 'dct:language')).toEqual([]);
    // A consent given holds until withdrawn; a withdrawn one states no duration.
    const duration = only(quads, 'urn:garde:consent:13', 'dpv:hasDuration').value;
    expect(values(quads, duration, 'rdf:type')).toEqual([x('dpv:UntilEventDuration')]);
    expect(values(quads, 'urn:garde:consent:12', 'dpv:hasDuration')).toEqual([]);
  });

  it('states a consent that a policy change outdated as invalidated, with no duration, and still expands in safe mode (issue 17)', async () => {
    const policy = await loadPolicyOrThrow(file);
    const { history, current } = ledger(policy);
    const given = history.find((e) => e.id === 13) as ConsentEvent;
    // The policy in force changed after the channel's consent was given, renewing its purpose.
    const changed = withOutdatedConsents(
      policy,
      new Map([[given.purpose, [{ from: null, to: given.recordedAt.getTime() + 60_000 }]]]),
    );
    const issuedAt = new Date('2026-11-05T00:00:00.000Z');
    const quads = await toRdf(consentReceipt(changed, SUBJECT, history, current, issuedAt, RECEIPT_ID));
    expect(values(quads, 'urn:garde:consent:13', 'dpv:hasConsentStatus')).toEqual([
      x('dpv:ConsentInvalidated'),
    ]);
    expect(values(quads, 'urn:garde:consent:13', 'garde:invalidatedBy')).toEqual([
      x('garde:MaterialPolicyChange'),
    ]);
    expect(values(quads, 'urn:garde:consent:13', 'dpv:hasDuration')).toEqual([]);
    // When it was given, and under which notice, stay as the person gave it.
    expect(only(quads, 'urn:garde:consent:13', 'dpv:isIndicatedAtTime').value).toBe(
      given.recordedAt.toISOString(),
    );
    // A consent given after the change, or another purpose's, is untouched.
    const later = withOutdatedConsents(
      policy,
      new Map([[given.purpose, [{ from: null, to: given.recordedAt.getTime() }]]]),
    );
    const after = await toRdf(consentReceipt(later, SUBJECT, history, current, issuedAt, RECEIPT_ID));
    expect(values(after, 'urn:garde:consent:13', 'dpv:hasConsentStatus')).toEqual([x('dpv:ConsentGiven')]);
  });

  it('states no jurisdiction when the policy names no country, and still expands in safe mode', async () => {
    const { country: _, ...controller } = (await loadPolicyOrThrow(file)).controller;
    const policy = { ...(await loadPolicyOrThrow(file)), controller };
    const quads = await toRdf(receiptOf(policy).receipt);
    expect(quads.filter((q) => q.predicate.value === x('dpv:hasJurisdiction'))).toEqual([]);
  });

  it('names no supervisory authority when the policy names none, and still expands in safe mode', async () => {
    const { supervisoryAuthority: _, ...controller } = (await loadPolicyOrThrow(file)).controller;
    const policy = { ...(await loadPolicyOrThrow(file)), controller };
    const { receipt } = receiptOf(policy);
    expect(JSON.stringify(receipt)).not.toContain('undefined');
    const quads = await toRdf(receipt);
    expect(quads.filter((q) => q.predicate.value === x('dpv:hasAuthority'))).toEqual([]);
    expect(quads.filter((q) => q.object.value === x('dpv:DataProtectionAuthority'))).toEqual([]);
  });

  it('states a month-only notice date, an authority reached by e-mail and a recipient of no stated country as the policy says them (IN-25, RT-32)', async () => {
    const base = await loadPolicyOrThrow(file);
    const authority = { name: 'Landesbeauftragte', email: 'poststelle@example.de', address: 'Postfach 1' };
    const policy: Policy = {
      ...base,
      policy: { ...base.policy, effectiveFrom: '2018-05' },
      controller: { ...base.controller, supervisoryAuthority: authority },
      recipients: base.recipients.map(({ country: _, ...r }) => r),
    };
    const { receipt } = receiptOf(policy);
    expect(JSON.stringify(receipt)).not.toContain('undefined');
    const quads = await toRdf(receipt);
    const iri = `urn:garde:${policy.policy.id}:authority`;
    expect(values(quads, iri, 'rdf:type')).toEqual([x('dpv:DataProtectionAuthority')]);
    expect(values(quads, iri, 'dpv:hasContact')).toEqual(['mailto:poststelle@example.de']);
    const located = quads.filter((q) => q.predicate.value === x('dpv:hasLocation'));
    expect(located.filter((q) => q.subject.value.includes(':recipient:'))).toEqual([]);
    const inForce = only(quads, 'urn:garde:consent:12', 'dpv:hasNotice').value;
    expect(only(quads, inForce, 'dct:date')).toMatchObject({
      value: '2018-05',
      datatype: { value: XSD('gYearMonth') },
    });
  });

  it('names the data protection officer with a contact of their own, when the policy names one (Art. 13(1)(b))', async () => {
    const base = await loadPolicyOrThrow(file);
    const dpo = { name: 'Dr. Alex Martin', email: 'dpo@example.test', url: 'https://example.test/dpo' };
    const policy = { ...base, controller: { ...base.controller, dpo } };
    const quads = await toRdf(receiptOf(policy).receipt);
    const controller = `urn:garde:${policy.policy.id}:controller`;
    const officer = only(quads, controller, 'dpv:hasDataProtectionOfficer').value;
    expect(values(quads, officer, 'rdf:type')).toEqual([x('dpv:DataProtectionOfficer')]);
    expect(values(quads, officer, 'dpv:hasName')).toEqual([dpo.name]);
    expect(values(quads, officer, 'dpv:hasContact')).toEqual([dpo.url, `mailto:${dpo.email}`].sort());
    const none = await toRdf(receiptOf(base).receipt);
    expect(values(none, controller, 'dpv:hasDataProtectionOfficer')).toEqual([]);
  });

  it("states how each choice was collected in the policy's own words, never another company's", async () => {
    const policy = await loadPolicyOrThrow(file);
    const { receipt, history } = receiptOf(policy);
    const quads = await toRdf(receipt);
    for (const e of history) {
      const declared = policy.consentInterfaces?.find((i) => i.id === e.source);
      if (!declared) continue;
      const method = only(quads, `urn:garde:consent:${e.id}`, 'dpv:hasIndicationMethod').value;
      expect(values(quads, method, 'rdf:type')).toEqual([x('garde:ConsentInterface')]);
      for (const language of policy.policy.languages) {
        const said = objects(quads, method, 'dct:description').find((o) => o.language === language);
        expect(said?.value, language).toBe(text(declared.description, language));
      }
    }
    // The other example policy's interfaces, in any of its words, appear nowhere.
    const other = await loadPolicyOrThrow(
      file.includes('bank') ? 'policies/energy-services.yaml' : 'policies/retail-bank.yaml',
    );
    const json = JSON.stringify(receipt);
    for (const i of other.consentInterfaces ?? [])
      for (const language of other.policy.languages) {
        const words = text(i.description, language);
        if (!policy.consentInterfaces?.some((mine) => text(mine.description, language) === words))
          expect(json).not.toContain(words);
      }
  });

  it('a choice recorded under a source Garde wrote before policies declared interfaces still reads, with whose device it was', async () => {
    const policy = await loadPolicyOrThrow(file);
    const { history } = ledger(policy);
    const former = history.map((e, i) => ({ ...e, source: i === 1 ? 'agent' : 'portal' }));
    const issuedAt = new Date('2026-11-05T00:00:00.000Z');
    const current = new Set([12, 13]);
    const receipt = consentReceipt(policy, SUBJECT, former, current, issuedAt, RECEIPT_ID);
    const quads = await toRdf(receipt);
    // In the policy's words where it declares the same id (the energy policy's portal).
    expect(values(quads, 'urn:garde:consent:13', 'dpv:hasIndicationMethod')).toEqual([
      methodIri(policy, 'portal'),
    ]);
    expect(values(quads, 'urn:garde:consent:12', 'dpv:hasIndicationMethod')).toEqual([x('garde:ToldStaff')]);
    const controller = `urn:garde:${policy.policy.id}:controller`;
    expect(values(quads, 'urn:garde:consent:12', 'dpv:isImplementedByEntity')).toEqual([controller]);
    expect(values(quads, 'urn:garde:consent:13', 'dpv:isImplementedByEntity')).toEqual([]);
  });
});

describe('xsdDuration', () => {
  it('writes weeks as days, which xsd:duration has no unit for', () => {
    expect(xsdDuration('P1Y')).toBe('P1Y');
    expect(xsdDuration('P2W')).toBe('P14D');
    expect(xsdDuration('P1W2D')).toBe('P9D');
    expect(xsdDuration('P1Y2WT3H')).toBe('P1Y14DT3H');
  });
});
