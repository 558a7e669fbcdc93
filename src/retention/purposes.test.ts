// Issue 13: retention per purpose as well as per category. A category kept for several purposes
// stays as long as any of them still needs it; a purpose on a legal obligation keeps it through
// erasure, and every report names the purpose. The policy is the "other names" fixture, so
// nothing here leans on an example's ids.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDeps } from '../../test/support/backends.ts';
import { policyFromText, problemsOf } from '../../test/support/policy-text.ts';
import { decide } from '../decide/decide.ts';
import type { SubjectState } from '../decide/types.ts';
import { summarisePolicy } from '../policy/summary.ts';
import { accessReport } from '../rights/access.ts';
import { collectData, summariseData } from '../rights/data.ts';
import { planErasure } from '../rights/erasure.ts';
import { renderAccessReport } from '../rights/render.ts';
import { wordsIn } from '../words/words.ts';
import { retentionPlan } from './plan.ts';
import { runRetention } from './run.ts';

const OTHER = readFileSync('test/fixtures/other-names-policy.yaml', 'utf8');
const CATEGORY_WIDE =
  '  - { id: traveller-2y, category: traveller, duration: P2Y, clock: contract-end, action: delete }';
// News for one year, the books for two (a legal obligation, by its purpose), travel for three.
const PER_PURPOSE = [
  '  - { id: traveller-news-1y, category: traveller, purposes: [travel-news], duration: P1Y, clock: contract-end, action: delete }',
  '  - { id: traveller-books-2y, category: traveller, purposes: [bookkeeping], duration: P2Y, clock: contract-end, action: delete }',
  '  - { id: traveller-travel-3y, category: traveller, purposes: [travel], duration: P3Y, clock: contract-end, action: delete }',
].join('\n');
const POLICY_TEXT = OTHER.replace(CATEGORY_WIDE, PER_PURPOSE);

const load = policyFromText;
const problems = problemsOf;

describe('retention rules per purpose (plan, lint, summary)', () => {
  const policy = load(POLICY_TEXT);

  it('policy check refuses a purpose the policy does not declare, and one that does not use the category', () => {
    const unknown = POLICY_TEXT.replace('purposes: [travel-news]', 'purposes: [newsletter]');
    expect(problems(unknown)).toContainEqual(['retention[traveller-news-1y].purposes[0]', 'reference']);
    const notUsing = POLICY_TEXT.replace(
      '  - { id: payments-7y, category: payments,',
      '  - { id: payments-7y, category: payments, purposes: [travel],',
    );
    expect(problems(notUsing)).toEqual([['retention[payments-7y].purposes[0]', 'retention-purpose']]);
  });

  it('a purpose-scoped rule removes nothing while another purpose of its category still keeps it', () => {
    const news = retentionPlan(policy).find(
      (s) => s.rule === 'traveller-news-1y' && s.store === 'identities',
    );
    expect(news?.purposes).toEqual(['travel-news']);
    // The travel rule has not run out (or not started): it keeps the row.
    expect(news?.applySql).toMatch(/NOT EXISTS \(SELECT 1 FROM subjects s2 .*interval 'P3Y'/s);
    // The books rule is an obligation through its purpose: it keeps the row while it runs.
    expect(news?.applySql).toMatch(/interval 'P2Y' > \$1/);
  });

  it('a category-wide rule still yields only to legal obligations', () => {
    const wide = load(OTHER);
    const step = retentionPlan(wide).find((s) => s.rule === 'traveller-2y' && s.store === 'identities');
    expect(step?.purposes).toBeUndefined();
    expect(step?.applySql).not.toContain('s2');
  });

  it('policy show states the purposes of each rule, and an obligation purpose as an obligation', () => {
    const text = summarisePolicy(policy, 'en');
    expect(text).toContain('P2Y    from contract-end (legal obligation), for purposes bookkeeping');
    expect(text).toContain('P1Y    from contract-end, for purposes travel-news');
  });

  it('policy show lists a purpose that uses a category whose rules name only other purposes as not stated', () => {
    expect(summarisePolicy(policy, 'en')).not.toContain('how long these purposes keep');
    const withoutBooks = load(POLICY_TEXT.replace(/\n.*traveller-books-2y.*\n/, '\n'));
    expect(summarisePolicy(withoutBooks, 'en')).toContain(
      'how long these purposes keep these categories (Art. 13(2)(a)): bookkeeping/traveller',
    );
  });
});

describe('decide() applies a purpose-scoped rule to its own purposes only', () => {
  const policy = load(POLICY_TEXT);
  const former: SubjectState = {
    lifecycle: 'former',
    controller: 'self',
    contractEndedOn: '2020-01-01',
    lastContactAt: null,
    consents: { 'travel-news': 'given' },
    objections: [],
    restrictions: [],
  };
  it('the news period over, keeping for the news is refused while keeping for travel is not', () => {
    const now = new Date('2021-06-01T00:00:00Z');
    expect(decide(policy, former, { purpose: 'travel-news', action: 'keep' }, now).reasons).toContain(
      'retention.expired',
    );
    expect(decide(policy, former, { purpose: 'travel', action: 'keep' }, now).reasons).not.toContain(
      'retention.expired',
    );
  });
});

describe.each(BACKENDS)('retention per purpose on %s', (backend) => {
  let d: Awaited<ReturnType<typeof testDeps>>;
  let traveller: string;
  const at = (iso: string) => ({ ...d, policy: load(POLICY_TEXT), now: () => new Date(iso) });
  const identities = async () =>
    (await d.db.query('SELECT 1 FROM identities WHERE subject_id = $1', [traveller])).rows.length;

  beforeAll(async () => {
    d = await testDeps(backend);
    const s = await d.db.query<{ id: string }>(
      "INSERT INTO subjects (lifecycle, contract_ended_on) VALUES ('former', '2020-01-01') RETURNING id",
    );
    traveller = s.rows[0]?.id as string;
    await d.db.query(
      "INSERT INTO identities (subject_id, given_name, email) VALUES ($1, 'Ann', 'ann@example.org')",
      [traveller],
    );
  });
  afterAll(() => d.dispose());

  it('erasure keeps the data under the obligation purpose, naming it in the person’s language', async () => {
    const ctx = at('2021-06-01T00:00:00Z');
    const data = await summariseData(d.db, ctx.policy, traveller);
    const plan = planErasure(
      ctx.policy,
      { lifecycle: 'former', contractEndedOn: '2020-01-01', lastContactAt: null },
      data,
      [],
      ctx.now(),
    );
    expect(plan.kept).toEqual([
      expect.objectContaining({
        category: 'traveller',
        basis: 'legal-obligation',
        rule: 'traveller-books-2y',
        until: '2022-01-01',
        reason:
          'Kept under a legal obligation: 2 years from the end of the contract (for: Keeping the books)',
      }),
    ]);
  });

  it('the access report names the purpose of each period, in JSON and on the page', async () => {
    const ctx = at('2021-06-01T00:00:00Z');
    const report = accessReport(
      ctx.policy,
      traveller,
      await collectData(d.db, ctx.policy, traveller),
      ctx.now(),
      'en',
    );
    const category = report.categories.find((c) => c.id === 'traveller');
    expect(category?.retention.find((r) => r.rule === 'traveller-books-2y')).toEqual(
      expect.objectContaining({
        purposes: [{ id: 'bookkeeping', description: 'Keeping the books' }],
        legalObligation: true,
      }),
    );
    const page = renderAccessReport(report, wordsIn(ctx.policy, 'en'));
    expect(page).toContain(
      '<li>3 years from the end of the contract (for: Selling and running travel subscriptions)</li>',
    );
  });

  it('a category kept for several purposes goes only when the longest ends, not a day earlier', async () => {
    // The news (one year) and the books (two) have ended; travel keeps it three years.
    const dayBefore = await runRetention(at('2022-12-31T00:00:00Z'), { dryRun: false });
    expect(
      dayBefore.steps.filter((s) => s.store === 'identities').map((s) => [s.rule, s.purposes, s.rows]),
    ).toEqual([
      ['traveller-news-1y', ['travel-news'], 0],
      ['traveller-books-2y', ['bookkeeping'], 0],
      ['traveller-travel-3y', ['travel'], 0],
    ]);
    expect(await identities()).toBe(1);
    // On the day, nothing keeps it any more: the first rule of the category to look removes it.
    const removed = (r: Awaited<ReturnType<typeof runRetention>>) =>
      r.steps.filter((s) => s.store === 'identities').reduce((n, s) => n + s.rows, 0);
    const dry = await runRetention(at('2023-01-01T00:00:00Z'), { dryRun: true });
    expect(removed(dry)).toBe(1);
    expect(await identities()).toBe(1);
    const onTheDay = await runRetention(at('2023-01-01T00:00:00Z'));
    expect(removed(onTheDay)).toBe(1);
    expect(await identities()).toBe(0);
  });
});
