import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankWithRetention, THEMES_AFTER_CONTRACT } from '../../test/support/bank-with-retention.ts';
import { POLICIES } from '../../test/support/policies.ts';
import { type PolicyDocument, policyVariant } from '../../test/support/policy-variant.ts';
import { lintPolicy } from '../policy/lint.ts';
import { loadPolicyFile, parsePolicy } from '../policy/load.ts';
import { type Policy, RECIPIENT_KINDS, type Recipient } from '../policy/schema.ts';
import { DEROGATIONS, TRANSFER_MECHANISMS } from '../policy/schema-detail.ts';
import { decide, disclosure } from './decide.ts';
import { REASONS, type ReasonCode } from './reasons.ts';
import type { DecisionRequest, SubjectState } from './types.ts';

async function loadVariant(file: string, edit: (doc: PolicyDocument) => void): Promise<Policy> {
  const r = await loadPolicyFile(await policyVariant(file, edit));
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.policy;
}

function load(file: string): Policy {
  const r = parsePolicy(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(file);
  return r.policy;
}
const bank = load('policies/retail-bank.yaml');
const energy = load('policies/energy-services.yaml');
const NOW = new Date('2026-06-15T10:00:00Z');

const customer = (over: Partial<SubjectState> = {}): SubjectState => ({
  lifecycle: 'customer',
  controller: 'self',
  contractEndedOn: null,
  lastContactAt: null,
  consents: { 'web-personalisation': 'given', 'commercial-proposals': 'given', 'commercial-email': 'given' },
  objections: [],
  restrictions: [],
  ...over,
});
const ask = (p: Policy, s: SubjectState, r: DecisionRequest) => decide(p, s, r, NOW);
const proposal = (over: Partial<DecisionRequest> = {}): DecisionRequest => ({
  purpose: 'commercial-proposals',
  action: 'contact',
  channel: 'postal-mail',
  sender: 'bank',
  ...over,
});

describe('decide: legal basis and consent (BK-16, EN-9)', () => {
  it('allows with consent given, and says so', () => {
    expect(ask(bank, customer(), { purpose: 'web-personalisation' })).toEqual({
      allow: true,
      reasons: ['consent.given'],
    });
  });

  it.each([
    [undefined, 'consent.missing'],
    ['refused', 'consent.refused'],
    ['withdrawn', 'consent.withdrawn'],
  ] as const)('consent %s -> %s', (state, code) => {
    const consents: Record<string, 'refused' | 'withdrawn'> = state ? { 'web-personalisation': state } : {};
    expect(ask(bank, customer({ consents }), { purpose: 'web-personalisation' })).toEqual({
      allow: false,
      reasons: [code],
    });
  });

  it('names the legal basis when no consent is needed', () => {
    expect(ask(bank, customer(), { purpose: 'themes' }).reasons).toEqual(['basis.contract']);
    expect(ask(bank, customer(), { purpose: 'legal-information' }).reasons).toEqual([
      'basis.legal-obligation',
    ]);
    expect(ask(energy, customer(), { purpose: 'security-fraud' }).reasons).toEqual([
      'basis.legitimate-interest',
    ]);
  });

  it('names every other legal basis too', () => {
    const variant: Policy = {
      ...bank,
      purposes: [
        ...bank.purposes,
        { id: 'emergency', description: 'x', legalBasis: 'vital-interest', categories: ['identification'] },
        { id: 'census', description: 'x', legalBasis: 'public-task', categories: ['identification'] },
      ],
    };
    expect(ask(variant, customer(), { purpose: 'emergency' }).reasons).toEqual(['basis.vital-interest']);
    expect(ask(variant, customer(), { purpose: 'census' }).reasons).toEqual(['basis.public-task']);
  });

  it('refuses an unknown purpose', () => {
    expect(ask(bank, customer(), { purpose: 'selling-lists' })).toEqual({
      allow: false,
      reasons: ['purpose.unknown'],
    });
  });
});

describe('decide: objections and restrictions (EN-11)', () => {
  it('an objection to direct marketing stops marketing purposes, not operational ones', () => {
    const s = customer({ objections: [{ kind: 'direct-marketing', purpose: null }] });
    expect(ask(bank, s, proposal()).reasons).toContain('objection.marketing');
    expect(ask(bank, s, { purpose: 'operational-messages' }).allow).toBe(true);
  });

  it('an objection to profiling stops interest modelling (BK-4)', () => {
    const s = customer({ objections: [{ kind: 'profiling', purpose: null }] });
    expect(ask(bank, s, { purpose: 'web-personalisation' })).toEqual({
      allow: false,
      reasons: ['objection.profiling'],
    });
  });

  it('an objection to legitimate interest stops that basis, for the named purpose only', () => {
    const s = customer({ objections: [{ kind: 'legitimate-interest', purpose: 'product-improvement' }] });
    expect(ask(energy, s, { purpose: 'product-improvement' }).reasons).toEqual([
      'objection.legitimate-interest',
    ]);
    expect(ask(energy, s, { purpose: 'website-apps' }).allow).toBe(true);
  });

  it('a restriction allows storage only', () => {
    const s = customer({ restrictions: [{ purpose: null }] });
    expect(ask(bank, s, { purpose: 'themes' })).toEqual({ allow: false, reasons: ['restriction.active'] });
    expect(ask(bank, s, { purpose: 'themes', action: 'keep' }).allow).toBe(true);
  });

  it('data held for a partner controller is not ours to use (EN-2)', () => {
    const s = customer({ controller: 'energy-supplier-partner' });
    expect(ask(energy, s, { purpose: 'quotes-contracts' }).reasons).toContain('controller.partner');
  });
});

describe('decide: channels and senders (BK-10, BK-11, BK-14)', () => {
  it('banners and in-app messages only in an identified session (BK-10)', () => {
    expect(ask(bank, customer(), proposal({ channel: 'website-banner' })).reasons).toEqual([
      'channel.requires_login',
    ]);
    expect(ask(bank, customer(), proposal({ channel: 'in-app', identifiedSession: true })).allow).toBe(true);
  });

  it('commercial e-mail only with explicit consent to e-mail (BK-11)', () => {
    const s = customer({ consents: { 'commercial-proposals': 'given' } });
    expect(ask(bank, s, proposal({ channel: 'email' })).reasons).toEqual(['channel.requires_consent']);
    expect(ask(bank, customer(), proposal({ channel: 'email' })).allow).toBe(true);
  });

  it('only group companies make proposals (BK-14)', () => {
    expect(ask(bank, customer(), proposal({ sender: 'partner-broker' })).reasons).toEqual([
      'sender.not-allowed',
    ]);
    expect(ask(bank, customer(), proposal({ sender: undefined })).reasons).toEqual(['sender.missing']);
    expect(ask(bank, customer(), proposal({ sender: 'bank-insurance' })).allow).toBe(true);
  });

  it('an uncounted class goes only on its own channels: a banner is not an e-mail (BK-7, BK-8)', () => {
    const banner = proposal({ messageClass: 'banner', identifiedSession: true });
    expect(ask(bank, customer(), { ...banner, channel: 'website-banner' }).allow).toBe(true);
    for (const channel of ['email', 'postal-mail', 'phone'])
      expect(ask(bank, customer(), { ...banner, channel }).reasons).toEqual(['class.channel-not-allowed']);
  });

  it('refuses an unknown channel', () => {
    expect(ask(bank, customer(), proposal({ channel: 'carrier-pigeon' })).reasons).toEqual([
      'channel.unknown',
    ]);
  });

  it('marketing stays within the listed domains (EN-6(c))', () => {
    const s = customer({ consents: {} });
    const r = {
      purpose: 'marketing-customers',
      action: 'contact',
      channel: 'door-to-door',
      sender: 'energy-services',
    } as const;
    expect(ask(energy, s, { ...r, domain: 'solar-panels' }).allow).toBe(true);
    expect(ask(energy, s, { ...r, domain: 'life-insurance' }).reasons).toEqual([
      'domain.not-allowed',
      'domain.not-marketed',
    ]);
  });

  it('the controller markets only the domains communications.domains lists, whatever a purpose allows (EN-6(c))', async () => {
    // A variant whose marketing covers one domain, while its purposes still name them all.
    const narrow = await loadVariant('policies/energy-services.yaml', (doc) => {
      doc.communications.domains = ['heating-cooling'];
    });
    const s = customer({ consents: {} });
    const offer = { purpose: 'marketing-customers', sender: 'energy-services', domain: 'solar-panels' };
    const visit = {
      ...offer,
      action: 'contact',
      channel: 'door-to-door',
      messageClass: 'commercial',
    } as const;
    expect(ask(narrow, s, { ...offer, action: 'process' }).reasons).toEqual(['domain.not-marketed']);
    expect(ask(narrow, s, visit).reasons).toEqual(['domain.not-marketed']);
    expect(ask(narrow, s, { ...visit, domain: 'heating-cooling' }).allow).toBe(true);
    // A service message about a product is not marketing: the domains do not limit it.
    const service = { ...visit, purpose: 'quotes-contracts', messageClass: 'operational' };
    expect(ask(narrow, s, service).allow).toBe(true);
    // Without communications.domains marketing is not limited by domain (the purpose's still is).
    const open = await loadVariant('policies/energy-services.yaml', (doc) => {
      delete doc.communications.domains;
    });
    expect(ask(open, s, visit).allow).toBe(true);
  });
});

describe('decide: lifecycle windows (EN-3, EN-10)', () => {
  const marketing = {
    purpose: 'marketing-customers',
    action: 'contact',
    channel: 'door-to-door',
    sender: 'energy-services',
  } as const;

  it('a purpose for customers does not apply to prospects', () => {
    const prospect = customer({ lifecycle: 'prospect', lastContactAt: '2026-05-01T00:00:00Z' });
    expect(ask(energy, prospect, marketing).reasons).toContain('lifecycle.not-allowed');
  });

  it('a prospect is kept 12 months after the last contact', () => {
    const p = (last: string) =>
      customer({
        lifecycle: 'prospect',
        lastContactAt: last,
        consents: { 'marketing-email-prospects': 'given' },
      });
    const mail = {
      purpose: 'marketing-email-prospects',
      action: 'contact',
      channel: 'email',
      sender: 'energy-services',
    } as const;
    expect(ask(energy, p('2025-06-16T10:00:00Z'), mail).allow).toBe(true);
    expect(ask(energy, p('2025-06-15T10:00:00Z'), mail).reasons).toContain('prospect.expired');
  });

  it('a former customer: until 4 years after the contract ended, once a year', () => {
    const former = (ended: string, last?: string) =>
      customer({ lifecycle: 'former', contractEndedOn: ended, lastCommercialContactAt: last ?? null });
    expect(ask(energy, former('2022-06-16'), marketing).allow).toBe(true);
    expect(ask(energy, former('2022-06-15'), marketing).reasons).toContain('former.window-ended');
    expect(ask(energy, former('2024-01-01', '2025-07-01T00:00:00Z'), marketing).reasons).toEqual([
      'former.too-soon',
    ]);
    expect(ask(energy, former('2024-01-01', '2025-06-14T00:00:00Z'), marketing).allow).toBe(true);
  });

  it('keeping data past its retention is refused (themes a month after the contract, a rule the bank could state)', async () => {
    const r = await loadPolicyFile(await bankWithRetention([THEMES_AFTER_CONTRACT]));
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    const former = customer({ lifecycle: 'former', contractEndedOn: '2026-04-01' });
    expect(ask(r.policy, former, { purpose: 'themes', action: 'keep' })).toEqual({
      allow: false,
      reasons: ['retention.expired'],
    });
  });

  it('nothing expires where the notice states no period: the bank keeps theme links after the contract (BK-6)', () => {
    const former = customer({ lifecycle: 'former', contractEndedOn: '2016-04-01' });
    expect(ask(bank, former, { purpose: 'themes', action: 'keep' })).toEqual({
      allow: true,
      reasons: ['retention.within'],
    });
  });
});

describe('decide: properties', () => {
  const purposes = [...bank.purposes.map((p) => p.id), 'nonsense'];
  const channels = [...(bank.communications?.channels ?? []).map((c) => c.id), 'nonsense'];
  const state = fc.record({
    lifecycle: fc.constantFrom('prospect', 'customer', 'former'),
    controller: fc.constantFrom('self', 'partner'),
    contractEndedOn: fc.option(fc.constantFrom('2020-01-31', '2026-05-01', '2026-06-14')),
    lastContactAt: fc.option(fc.constantFrom('2025-01-01T00:00:00Z', '2026-06-01T00:00:00Z')),
    consents: fc.dictionary(fc.constantFrom(...purposes), fc.constantFrom('given', 'refused', 'withdrawn')),
    objections: fc.array(
      fc.record({
        kind: fc.constantFrom('direct-marketing', 'profiling', 'legitimate-interest'),
        purpose: fc.option(fc.constantFrom(...purposes)),
      }),
      { maxLength: 3 },
    ),
    restrictions: fc.array(fc.record({ purpose: fc.option(fc.constantFrom(...purposes)) }), { maxLength: 2 }),
    lastCommercialContactAt: fc.option(fc.constantFrom('2026-01-01T00:00:00Z')),
  }) as fc.Arbitrary<SubjectState>;
  const request = fc.record(
    {
      purpose: fc.constantFrom(...purposes),
      action: fc.constantFrom('process', 'contact', 'keep'),
      channel: fc.constantFrom(...channels),
      sender: fc.constantFrom('bank', 'partner-broker', 'nobody'),
      domain: fc.constantFrom('banking', 'insurance', 'cars'),
      identifiedSession: fc.boolean(),
    },
    { requiredKeys: ['purpose'] },
  ) as fc.Arbitrary<DecisionRequest>;

  it('is total and deterministic, and every answer is explained by known codes', () => {
    fc.assert(
      fc.property(state, request, (s, r) => {
        const a = decide(bank, s, r, NOW);
        expect(decide(bank, structuredClone(s), { ...r }, NOW)).toEqual(a);
        expect(a.reasons.length).toBeGreaterThan(0);
        for (const code of a.reasons)
          expect(REASONS[code as ReasonCode].effect).toBe(a.allow ? 'allow' : 'deny');
      }),
      { numRuns: 2000 },
    );
  });

  it('never allows a consent-based purpose without consent given', () => {
    fc.assert(
      fc.property(state, request, (s, r) => {
        const purpose = bank.purposes.find((p) => p.id === r.purpose);
        if (purpose?.legalBasis === 'consent' && s.consents[purpose.id] !== 'given' && r.action !== 'keep') {
          expect(decide(bank, s, r, NOW).allow).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decide: disclosure to a recipient (BK-15, EN-7, EN-8)', () => {
  const disclose = (over: Partial<DecisionRequest> = {}): DecisionRequest => ({
    purpose: 'web-personalisation',
    action: 'disclose',
    recipient: 'analytics-processor',
    fields: ['topic', 'score'],
    ...over,
  });

  it('a processor receives the fields it needs, for its own purpose, about people it may', () => {
    expect(ask(bank, customer(), disclose())).toEqual({ allow: true, reasons: ['consent.given'] });
  });

  it('every recipient receives data for its own purposes only, whatever its purposeBound says (BK-15, Art. 28(3)(a))', () => {
    for (const file of POLICIES) {
      const policy = load(file);
      for (const recipient of policy.recipients) {
        for (const purposeBound of [true, false, undefined]) {
          const variant = {
            ...policy,
            recipients: policy.recipients.map((r) => (r === recipient ? { ...r, purposeBound } : r)),
          };
          for (const purpose of policy.purposes) {
            const outside = !recipient.purposes.includes(purpose.id);
            const reasons = disclosure(variant, { purpose: purpose.id, recipient: recipient.id });
            expect(
              reasons.includes('recipient.purpose-not-allowed'),
              `${file} ${recipient.id} ${purpose.id}`,
            ).toBe(outside);
          }
        }
      }
    }
  });

  it('refuses an unknown recipient, another purpose, or a field it does not need', () => {
    expect(ask(bank, customer(), disclose({ recipient: 'data-broker' })).reasons).toEqual([
      'recipient.unknown',
    ]);
    expect(ask(bank, customer(), disclose({ purpose: 'commercial-proposals' })).reasons).toEqual([
      'recipient.purpose-not-allowed',
    ]);
    expect(ask(bank, customer(), disclose({ fields: ['topic', 'givenName'] })).reasons).toEqual([
      'recipient.field-not-allowed',
    ]);
    // A recipient that lists no fields sees none.
    expect(
      ask(
        bank,
        customer(),
        disclose({ recipient: 'group-insurance', purpose: 'commercial-proposals', fields: ['topic'] }),
      ).reasons,
    ).toEqual(['recipient.field-not-allowed']);
  });

  it('a recipient outside the EEA receives data only on a safeguard the policy check accepts (Art. 44-49)', () => {
    const at = (country: string, safeguard?: Recipient['safeguard']): Policy => ({
      ...bank,
      recipients: bank.recipients.map((r) =>
        r.id === 'analytics-processor' ? { ...r, country, ...(safeguard ? { safeguard } : {}) } : r,
      ),
    });
    const reasons = (p: Policy) => ask(p, customer(), disclose()).reasons;
    expect(reasons(at('US'))).toEqual(['recipient.transfer-not-safeguarded']);
    expect(reasons(at('US', { mechanism: 'adequacy' }))).toEqual(['recipient.transfer-not-safeguarded']);
    expect(reasons(at('US', 'standard clauses'))).toEqual(['recipient.transfer-not-safeguarded']);
    expect(reasons(at('US', { mechanism: 'dpf' }))).toEqual(['consent.given']);
    expect(reasons(at('IN', { mechanism: 'scc' }))).toEqual(['consent.given']);
    expect(reasons(at('CH', { mechanism: 'adequacy' }))).toEqual(['consent.given']);
    // EN-8: a policy that keeps its processors in the EEA refuses one elsewhere, whatever the safeguard.
    const kept = {
      ...at('CH', { mechanism: 'adequacy' }),
      transfers: { establishedInEea: ['processor' as const] },
    };
    expect(reasons(kept)).toEqual(['recipient.transfer-not-safeguarded']);
  });

  it('a recipient whose country is not stated receives data only on a ground the policy states, and the answer names it (RT-32)', () => {
    const nowhere = (safeguard?: Recipient['safeguard'], transfers?: Policy['transfers']): Policy => ({
      ...bank,
      ...(transfers ? { transfers } : {}),
      recipients: bank.recipients.map((r) => {
        if (r.id !== 'analytics-processor') return r;
        const { country: _, ...rest } = r;
        return { ...rest, ...(safeguard ? { safeguard } : {}) };
      }),
    });
    const reasons = (p: Policy) => ask(p, customer(), disclose()).reasons;
    expect(reasons(nowhere())).toEqual(['recipient.transfer-not-safeguarded']);
    expect(reasons(nowhere({ mechanism: 'adequacy' }))).toEqual(['recipient.transfer-not-safeguarded']);
    expect(reasons(nowhere(undefined, { establishedInEea: ['processor'] }))).toEqual([
      'consent.given',
      'recipient.country-unstated-eea-promised',
    ]);
    expect(reasons(nowhere({ mechanism: 'scc' }))).toEqual([
      'consent.given',
      'recipient.country-unstated-safeguard',
    ]);
    expect(reasons(nowhere(undefined, { mechanisms: ['scc'] }))).toEqual([
      'consent.given',
      'recipient.country-unstated-mechanisms',
    ]);
    // A safeguard the notice does not list is refused, with or without a country.
    expect(reasons(nowhere({ mechanism: 'bcr' }, { mechanisms: ['scc'] }))).toEqual([
      'recipient.transfer-not-safeguarded',
    ]);
  });

  it("the energy notice's third parties have no stated country: a disclosure to them rests on the EEA promise, and says so (EN-8)", () => {
    const collect = {
      purpose: 'debt-collection',
      action: 'disclose',
      recipient: 'debt-collectors',
      fields: ['givenName', 'familyName', 'paymentHistory'],
    } as const;
    const answer = ask(energy, customer(), collect);
    expect(answer.allow).toBe(true);
    expect(answer.reasons).toContain('recipient.country-unstated-eea-promised');
    // Their own offices are in the controller's country: nothing to say about a transfer.
    const offices = ask(energy, customer(), {
      ...collect,
      purpose: 'quotes-contracts',
      recipient: 'offices',
    });
    expect(offices.reasons).not.toContain('recipient.country-unstated-eea-promised');
  });

  it('the disclosure gate and the policy check agree on every recipient, wherever it is and whatever its safeguard', () => {
    const safeguard = fc.option(
      fc.oneof(
        fc.constant('adequacy decision'),
        fc.record(
          {
            mechanism: fc.constantFrom(...TRANSFER_MECHANISMS),
            derogation: fc.constantFrom(...DEROGATIONS),
          },
          { requiredKeys: ['mechanism'] },
        ),
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        fc.constantFrom('BE', 'NO', 'US', 'CH', 'GB', 'IN', 'CN', 'JP', 'BR', undefined),
        fc.constantFrom(...RECIPIENT_KINDS),
        safeguard,
        fc.boolean(),
        fc.option(
          fc.subarray(['adequacy', 'scc', 'bcr', { derogation: 'explicit-consent' }] as const, {
            minLength: 1,
          }),
          {
            nil: undefined,
          },
        ),
        (country, kind, s, keep, mechanisms) => {
          const transfers = {
            ...(keep ? { establishedInEea: ['processor' as const] } : {}),
            ...(mechanisms ? { mechanisms: [...mechanisms] } : {}),
          };
          const p: Policy = {
            ...bank,
            ...(keep || mechanisms ? { transfers } : {}),
            recipients: bank.recipients.map((r) => {
              if (r.id !== 'analytics-processor') return r;
              const { country: _, safeguard: __, ...rest } = r;
              return { ...rest, ...(country ? { country } : {}), kind, ...(s ? { safeguard: s } : {}) };
            }),
          };
          const refused = ask(p, customer(), disclose()).reasons.includes(
            'recipient.transfer-not-safeguarded',
          );
          expect(refused).toBe(lintPolicy(p).some((f) => f.rule === 'recipient-eea'));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the person still decides: a withdrawal or a restriction stops the disclosure', () => {
    expect(ask(bank, customer({ consents: {} }), disclose()).reasons).toEqual(['consent.missing']);
    expect(ask(bank, customer({ restrictions: [{ purpose: null }] }), disclose()).reasons).toEqual([
      'restriction.active',
    ]);
  });
});

describe('a purpose looks back no further than it says (RT-11, RT-14)', () => {
  const retailer = load('policies/retailer-nl.yaml');
  const person = customer({ consents: { 'personalised-messages': 'given' } });
  const judged = (occurredAt: Date, action: DecisionRequest['action'] = 'process') =>
    ask(retailer, person, { purpose: 'personalised-messages', action, occurredAt });
  const threeYearsAgo = new Date('2023-06-15T10:00:00Z');

  it('refuses behaviour from three years ago or longer for a purpose that reads three years, and takes what is newer', () => {
    expect(judged(threeYearsAgo)).toEqual({ allow: false, reasons: ['purpose.look-back-exceeded'] });
    expect(judged(new Date('2019-01-01T00:00:00Z')).reasons).toContain('purpose.look-back-exceeded');
    expect(judged(new Date(threeYearsAgo.getTime() + 1))).toEqual({
      allow: true,
      reasons: ['consent.given'],
    });
  });

  it('limits use, not keeping: retention alone decides whether the data stays', () => {
    expect(judged(new Date('2019-01-01T00:00:00Z'), 'keep').allow).toBe(true);
  });

  it('a purpose without a look-back reads as far back as retention keeps', () => {
    expect(
      ask(retailer, person, { purpose: 'order-fulfilment', occurredAt: new Date('2019-01-01T00:00:00Z') })
        .allow,
    ).toBe(true);
  });
});
