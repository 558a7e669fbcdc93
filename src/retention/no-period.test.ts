// Issue 13: a notice that states no number ("as long as needed to manage your account") is
// encoded as it is, and then nothing is deleted automatically, the retention report says so, and
// an obligation with no stated end keeps its data through erasure.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyFromText, problemsOf } from '../../test/support/policy-text.ts';
import { STORES } from '../rights/catalogue.ts';
import { planErasure } from '../rights/erasure.ts';
import { retentionPlan } from './plan.ts';

const OTHER = readFileSync('test/fixtures/other-names-policy.yaml', 'utf8');
const AS_LONG_AS_NEEDED =
  '  - { id: traveller-needed, category: traveller, period: As long as we need it to run your subscription, review: P1Y, action: delete }';

const load = policyFromText;
const problems = problemsOf;

describe('retention as the notice states it, with no number', () => {
  const policy = load(
    OTHER.replace(
      '  - { id: traveller-2y, category: traveller, duration: P2Y, clock: contract-end, action: delete }',
      AS_LONG_AS_NEEDED,
    ),
  );

  it('policy check takes a period in words, and refuses a rule with neither a number nor words', () => {
    expect(policy.retention.find((r) => r.id === 'traveller-needed')?.duration).toBeUndefined();
    const bare = OTHER.replace(
      '  - { id: traveller-2y, category: traveller, duration: P2Y, clock: contract-end, action: delete }',
      '  - { id: traveller-2y, category: traveller, action: delete }',
    );
    expect(problems(bare)).toEqual([['retention[traveller-2y].id', 'retention-period']]);
    const noClock = OTHER.replace(
      'duration: P2Y, clock: contract-end, action: delete }',
      'duration: P2Y, action: delete }',
    );
    expect(problems(noClock)).toContainEqual(['retention[subscriptions-2y].duration', 'retention-period']);
  });

  it('nothing is deleted automatically, and the retention plan says so for every table of the category', () => {
    const steps = retentionPlan(policy).filter((s) => s.rule === 'traveller-needed');
    expect(steps).toEqual([
      expect.objectContaining({
        store: 'identities',
        action: 'skip',
        applySql: '',
        skipped: expect.stringMatching(
          /^no period stated \(As long as we need it to run your subscription\): nothing is deleted automatically; reviewed every P1Y$/,
        ),
      }),
    ]);
    // The subject itself never goes on this rule either.
    expect(retentionPlan(policy).some((s) => s.rule === 'traveller-needed' && s.store === 'subjects')).toBe(
      false,
    );
  });

  it('an obligation with no stated end keeps its data through erasure, and blocks other rules of its category', () => {
    const obliged = load(
      OTHER.replace(
        '  - { id: payments-7y, category: payments, duration: P7Y, clock: invoice-date, legalObligation: true, action: delete }',
        '  - { id: payments-7y, category: payments, duration: P7Y, clock: invoice-date, legalObligation: true, action: delete }\n  - { id: payments-dispute, category: payments, period: Until any dispute about the invoice is settled, legalObligation: true, action: delete }',
      ),
    );
    const store = (table: string) => STORES.find((s) => s.table === table);
    const billing = store('billing_records');
    const identities = store('identities');
    if (!billing || !identities) throw new Error('catalogue');
    const plan = planErasure(
      obliged,
      { lifecycle: 'former', contractEndedOn: '2020-01-01', lastContactAt: null },
      [
        { store: billing, category: 'payments', rows: 1, newest: { 'invoice-date': '2012-01-01' } },
        { store: identities, category: 'traveller', rows: 1, newest: {} },
      ],
      [],
      new Date('2026-06-15T10:00:00Z'),
    );
    // Seven years from 2012 are over, but the dispute rule states no end: the invoices stay.
    expect(plan.kept).toEqual([
      expect.objectContaining({
        category: 'payments',
        rule: 'payments-dispute',
        until: null,
        reason:
          'Kept under a legal obligation, with no period stated: Until any dispute about the invoice is settled',
      }),
    ]);
    expect(plan.stores.deleted).toEqual(['identities']);
    const sevenYears = retentionPlan(obliged).find(
      (s) => s.rule === 'payments-7y' && s.store === 'billing_records',
    );
    expect(sevenYears?.applySql).toContain('FALSE');
  });
});
