// The machine-readable notice read by a JSON-LD processor (jsonld.js), as another system would
// read it: expanded and turned into RDF offline, in safe mode, so a key it cannot map fails the
// test instead of being dropped. Every example policy: the RDF carries each purpose, legal
// basis, category, recipient, retention rule and transfer, checked by IRI and value.
import { describe, expect, it } from 'vitest';
import { energyWithJointController, JOINT } from '../../test/support/joint-policy.ts';
import { compactIris, keysOf, offlineReader, type Quad } from '../../test/support/jsonld-offline.ts';
import { POLICIES } from '../../test/support/policies.ts';
import { policyVariant } from '../../test/support/policy-variant.ts';
import { iris, NOTICE_CONTEXT, xsdDuration } from '../consent/receipt-vocabulary.ts';
import { purposeRetention } from '../policy/retention-rules.ts';
import type { RetentionRule } from '../policy/schema.ts';
import { EEA_COUNTRIES } from '../policy/transfers.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { wordsIn } from '../words/words.ts';
import { ruleWords } from './disclosure-cells.ts';
import { dpvNotice } from './dpv.ts';
import { registerOf } from './register.ts';

const x = compactIris(NOTICE_CONTEXT);

const { fetched, expand, toRdf } = offlineReader('the notice');

const values = (quads: Quad[], s: string, p: string) =>
  quads
    .filter((q) => q.subject.value === s && q.predicate.value === x(p))
    .map((q) => q.object.value)
    .sort();

describe.each(POLICIES)('the DPV notice of %s', (file) => {
  it('expands offline in safe mode, and every key it uses is a predicate of its RDF (none dropped)', async () => {
    const notice = dpvNotice(await loadPolicyOrThrow(file));
    fetched.length = 0;
    await expect(expand(notice)).resolves.toHaveLength(1);
    const predicates = new Set((await toRdf(notice)).map((q) => q.predicate.value));
    for (const key of keysOf(notice, ['dct:description', 'dct:title']))
      expect(predicates, key).toContain(x(key));
    expect(fetched).toEqual([]);
  });

  it('carries every purpose with its legal basis, categories, recipients and retention rules', async () => {
    const policy = await loadPolicyOrThrow(file);
    const names = iris(policy);
    const quads = await toRdf(dpvNotice(policy));
    const notice = names.notice(policy.policy.version);
    expect(values(quads, notice, 'rdf:type')).toEqual([x('dpv:PrivacyNotice')]);
    expect(values(quads, notice, 'dct:hasVersion')).toEqual([policy.policy.version]);
    expect(values(quads, notice, 'dct:valid')).toEqual([String(policy.policy.effectiveFrom)]);
    expect(values(quads, notice, 'dpv:hasProcess')).toEqual(
      policy.purposes.map((p) => names.process(p.id)).sort(),
    );
    for (const purpose of policy.purposes) {
      const process = names.process(purpose.id);
      expect(values(quads, process, 'dpv:hasPurpose')).toEqual([names.purpose(purpose.id)]);
      const basis = values(quads, process, 'dpv:hasLegalBasis');
      const article = {
        consent: 'a',
        contract: 'b',
        'legal-obligation': 'c',
        'vital-interest': 'd',
        'public-task': 'e',
        'legitimate-interest': 'f',
      }[purpose.legalBasis];
      expect(
        basis.some((b) => b.startsWith(x(`eu-gdpr:A6-1-${article}`))),
        `${purpose.id} ${basis}`,
      ).toBe(true);
      expect(values(quads, process, 'dpv:hasPersonalData')).toEqual(
        [...new Set(purpose.categories)].map((c) => names.category(c)).sort(),
      );
      const recipients = policy.recipients.filter((r) => r.purposes.includes(purpose.id));
      expect(values(quads, process, 'dpv:hasRecipient')).toEqual(
        recipients.map((r) => names.recipient(r.id)).sort(),
      );
      for (const r of recipients)
        expect(values(quads, names.recipient(r.id), 'dpv:hasLocation')).toEqual(
          r.country ? [x(`loc:${r.country}`)] : [],
        );
      // The register's rules for the purpose, scoped by their purposes and lifecycles (F22).
      const rules = purposeRetention(policy, purpose);
      expect(values(quads, process, 'dpv:hasStorageCondition')).toEqual(
        rules.map((r) => names.retention(r.id)).sort(),
      );
    }
    // Every rule, each with its duration as xsd:duration, or none when the notice states no number.
    for (const rule of policy.retention) {
      const id = names.retention(rule.id);
      expect(values(quads, id, 'dpv:hasPersonalData')).toEqual([names.category(rule.category)]);
      const duration = values(quads, id, 'dpv:hasDuration')[0] as string;
      const value = quads.find((q) => q.subject.value === duration && q.predicate.value === x('rdf:value'));
      if (rule.duration) {
        expect(value?.object.value).toBe(xsdDuration(rule.duration));
        expect(value?.object.datatype?.value).toBe(x('xsd:duration'));
      } else expect(values(quads, duration, 'rdf:type')).toEqual([x('dpv:IndeterminateDuration')]);
    }
  });

  it('carries every transfer outside the EEA with its country, legal basis and tool', async () => {
    const policy = await loadPolicyOrThrow(file);
    const names = iris(policy);
    const quads = await toRdf(dpvNotice(policy));
    for (const r of policy.recipients.filter((y) => y.country && !EEA_COUNTRIES.has(y.country))) {
      const t = names.transfer(r.id);
      expect(values(quads, t, 'dpv:hasProcessing')).toEqual([x('dpv:Transfer')]);
      expect(values(quads, t, 'dpv:hasThirdCountry')).toEqual([x(`loc:${r.country}`)]);
      expect(values(quads, t, 'dpv:hasRecipient')).toEqual([names.recipient(r.id)]);
    }
    for (const r of policy.recipients.filter((y) => y.country && EEA_COUNTRIES.has(y.country)))
      expect(values(quads, names.transfer(r.id), 'rdf:type')).toEqual([]);
  });
});

/**
 * Every term of the DPV 2 EU GDPR extension the notice may use, as DPV 2.0 defines it
 * (w3c/dpv 2.0/legal/eu/gdpr/modules: legal_basis, legal_basis_special, legal_basis_data_transfer,
 * data_transfers, rights). A term not here is one DPV does not have.
 */
const EU_GDPR_TERMS = new Set(
  [
    ...['a', 'a-explicit-consent', 'a-non-explicit-consent', 'b', 'c', 'd', 'e', 'f'].map((l) => `A6-1-${l}`),
    ...'abcdefghij'.split('').map((l) => `A9-2-${l}`),
    ...['A7-3', 'A15', 'A16', 'A17', 'A18', 'A20', 'A21'],
    ...['A45-3', 'A46-2-a', 'A46-2-b', 'A46-2-c', 'A46-2-d', 'A46-2-e', 'A46-2-f', 'A49-2'],
    ...'abcdefg'.split('').map((l) => `A49-1-${l}`),
    'SCCByCommission',
    'BindingCorporateRules',
    'CodesOfConductForDataTransfers',
    'CertificationMechanismsForDataTransfers',
  ].map((t) => x(`eu-gdpr:${t}`)),
);

describe('the DPV notice’s terms (F23)', () => {
  it('uses only terms the DPV 2 EU GDPR extension defines, whatever transfer mechanism a recipient states', async () => {
    const mechanisms = ['adequacy', 'dpf', 'scc', 'bcr', 'code-of-conduct', 'certification'];
    const variants = await Promise.all(
      mechanisms.map((mechanism) =>
        policyVariant('policies/retail-bank.yaml', (doc) => {
          const r = doc.recipients.find((y: { id: string }) => y.id === 'analytics-processor');
          // The lint allows adequacy only where there is a decision for the whole country.
          r.country = mechanism === 'adequacy' ? 'JP' : 'US';
          r.safeguard = { mechanism };
        }),
      ),
    );
    const used = new Set<string>();
    for (const file of [...POLICIES, ...variants]) {
      const quads = await toRdf(dpvNotice(await loadPolicyOrThrow(file)));
      for (const q of quads)
        for (const t of [q.predicate, q.object]) if (t.value.startsWith(x('eu-gdpr:'))) used.add(t.value);
    }
    expect([...used].filter((t) => !EU_GDPR_TERMS.has(t))).toEqual([]);
    // An adequacy decision is stated by its article alone, with no tool (Art. 45(3)).
    expect(used).toContain(x('eu-gdpr:A45-3'));
    expect(used).toContain(x('eu-gdpr:SCCByCommission'));
  });
});

describe('the DPV notice’s retention (F22)', () => {
  it('keeps a purpose’s data by the rules the register states for it: a purpose for prospects only gets no customer rule', async () => {
    const policy = await loadPolicyOrThrow('policies/energy-services.yaml');
    const names = iris(policy);
    const quads = await toRdf(dpvNotice(policy));
    const storedFor = (purpose: string) => values(quads, names.process(purpose), 'dpv:hasStorageCondition');
    expect(storedFor('marketing-email-prospects')).toContain(names.retention('prospects-12m'));
    expect(storedFor('marketing-email-prospects')).not.toContain(
      names.retention('identification-after-contract'),
    );
    expect(storedFor('marketing-customers')).toContain(names.retention('identification-after-contract'));
    expect(storedFor('marketing-customers')).not.toContain(names.retention('prospects-12m'));
    // The register states the same rules for the same purposes.
    const w = wordsIn(policy, 'en');
    const cell = (purpose: string) =>
      registerOf(policy, 'en').controller.rows.find((r) => r.id === purpose)?.cells.retention ?? '';
    const rule = (id: string) =>
      ruleWords(policy, policy.retention.find((r) => r.id === id) as RetentionRule, w);
    expect(cell('marketing-email-prospects')).toContain(rule('prospects-12m'));
    expect(cell('marketing-email-prospects')).not.toContain(rule('identification-after-contract'));
    expect(cell('marketing-customers')).toContain(rule('identification-after-contract'));
    expect(cell('marketing-customers')).not.toContain(rule('prospects-12m'));
  });
});

describe('the DPV notice of a transfer', () => {
  it('names the third country, GDPR Art. 46(2)(c) and the Commission’s clauses for a recipient under SCC', async () => {
    const policy = await loadPolicyOrThrow(
      await policyVariant('policies/retail-bank.yaml', (doc) => {
        const r = doc.recipients.find((y: { id: string }) => y.id === 'analytics-processor');
        r.country = 'US';
        r.safeguard = { mechanism: 'scc' };
      }),
    );
    const names = iris(policy);
    const quads = await toRdf(dpvNotice(policy));
    const t = names.transfer('analytics-processor');
    const process = names.process('web-personalisation');
    // The purpose involves a transfer (its processing), described as a process of its own (F23).
    expect(values(quads, process, 'dpv:hasProcessing')).toEqual(
      [x('dpv:Profiling'), x('dpv:Transfer')].sort(),
    );
    expect(values(quads, process, 'dpv:hasProcess')).toEqual([t]);
    expect(values(quads, t, 'rdf:type')).toEqual([x('dpv:Process')]);
    expect(values(quads, t, 'dpv:hasProcessing')).toEqual([x('dpv:Transfer')]);
    expect(values(quads, t, 'dpv:hasThirdCountry')).toEqual([x('loc:US')]);
    expect(values(quads, t, 'dpv:hasLegalBasis')).toEqual([x('eu-gdpr:A46-2-c')]);
    expect(values(quads, t, 'dpv:hasOrganisationalMeasure')).toEqual([x('eu-gdpr:SCCByCommission')]);
  });

  it('states, for a recipient named by kind only, the mechanisms the notice lists (IN-21)', async () => {
    const insurer = await loadPolicyOrThrow('policies/insurer-de.yaml');
    const names = iris(insurer);
    const quads = await toRdf(dpvNotice(insurer));
    const unstated = insurer.recipients.find((r) => !r.country && !r.safeguard);
    expect(unstated).toBeDefined();
    expect(values(quads, names.transfer(unstated?.id as string), 'dpv:hasLegalBasis')).toEqual(
      ['eu-gdpr:A45-3', 'eu-gdpr:A46-2-b', 'eu-gdpr:A46-2-c', 'dpv:DataTransferLegalBasis', 'eu-gdpr:A49-1-a']
        .map(x)
        .sort(),
    );
  });
});

describe('the DPV notice of special categories', () => {
  it('types a special category and states, per purpose, its Art. 9(2) condition (IN-6)', async () => {
    const insurer = await loadPolicyOrThrow('policies/insurer-de.yaml');
    const names = iris(insurer);
    const quads = await toRdf(dpvNotice(insurer));
    const special = insurer.categories.find((c) => c.special);
    if (!special?.special) throw new Error('the insurer states a special category');
    expect(values(quads, names.category(special.id), 'rdf:type')).toEqual(
      [x('dpv:PersonalData'), x('dpv:SpecialCategoryPersonalData')].sort(),
    );
    for (const purpose of insurer.purposes.filter((p) => p.categories.includes(special.id))) {
      const letter =
        purpose.special?.find((s) => s.category === special.id)?.condition ?? special.special.condition;
      expect(values(quads, names.process(purpose.id), 'dpv:hasLegalBasis')).toContain(
        x(`eu-gdpr:A9-2-${letter}`),
      );
    }
  });
});

describe('the DPV notice of joint controllers (Art. 26)', () => {
  it('expands offline with every party of the arrangement', async () => {
    const policy = await energyWithJointController();
    const names = iris(policy);
    const notice = dpvNotice(policy);
    const quads = await toRdf(notice);
    const predicates = new Set(quads.map((q) => q.predicate.value));
    for (const key of keysOf(notice, ['dct:description', 'dct:title']))
      expect(predicates, key).toContain(x(key));
    const joint = names.jointController('shared-quotes');
    expect(
      values(quads, names.process(policy.purposes[0]?.id as string), 'dpv:hasJointDataControllers'),
    ).toEqual([joint]);
    const parties = values(quads, joint, 'dpv:hasDataController');
    expect(parties).toContain(names.entity(policy.controller.entities[0]?.id as string));
    const outside = parties.find((p) => !p.startsWith('urn:')) as string;
    expect(values(quads, outside, 'dpv:hasName')).toEqual([JOINT.name]);
    expect(values(quads, names.entity(policy.controller.entities[0]?.id as string), 'dpv:hasName')).toEqual([
      policy.controller.entities[0]?.name,
    ]);
  });
});
