// Every retention rule of both policies at its boundary: the day before its end the data stays,
// on the day it ends and the day after it is gone (or anonymised).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW, testDeps } from '../../test/support/backends.ts';
import { bankPolicy } from '../../test/support/bank-policy.ts';
import { bankWithRetention } from '../../test/support/bank-with-retention.ts';
import type { Queryable } from '../platform/db/index.ts';
import { addDuration } from '../policy/duration.ts';
import type { Policy, RetentionRule } from '../policy/schema.ts';
import { STORES } from '../rights/catalogue.ts';
import { retentionPlan } from './plan.ts';
import { runRetention } from './run.ts';

/** One row per store for subject $1, its clock at $2. */
const FIXTURES: Record<string, string[]> = {
  identities: ["INSERT INTO identities (subject_id, given_name) VALUES ($1, 'Zoé')"],
  contracts: [
    "INSERT INTO contracts (subject_id, product_code, started_on, ended_on) VALUES ($1, 'p', '2000-01-01', (SELECT contract_ended_on FROM subjects WHERE id = $1))",
  ],
  billing_records: [
    "INSERT INTO billing_records (subject_id, invoice_date, amount_cents, status) VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, 100, 'paid')",
  ],
  holdings: [
    "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, 'p', 'acc', '2000-01-01')",
  ],
  installations: ["INSERT INTO installations (subject_id, kind) VALUES ($1, 'boiler')"],
  events: ["INSERT INTO events (subject_id, occurred_at, kind, topic) VALUES ($1, $2, 'page-view', 't')"],
  theme_links: [
    "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, 'p', 'theme-acc', '2000-01-01')",
    "INSERT INTO theme_links (subject_id, theme, holding_id, linked_at) SELECT $1, 'vacances', id, $2 FROM holdings WHERE subject_id = $1 AND account_ref = 'theme-acc'",
  ],
  communications: [
    "INSERT INTO communications (subject_id, purpose, channel, message_class, commercial, counted, window_key, content_ref, actor, sent_at) VALUES ($1, 'p', 'email', 'commercial', true, true, 'w', 'c', 'a', $2)",
  ],
  cap_usage: ["INSERT INTO cap_usage (subject_id, window_key, used) VALUES ($1, 'w', 1)"],
  cap_overrides: [
    "INSERT INTO cap_overrides (subject_id, window_key, actor, reason, created_at) VALUES ($1, 'w', 'a', 'r', $2)",
  ],
  consents: [
    "INSERT INTO consents (subject_id, purpose, channel, state, event_id, updated_at) VALUES ($1, 'p', '', 'given', 0, $2)",
  ],
  consent_events: [
    "INSERT INTO consent_events (subject_id, purpose, state, actor, source, notice_version, recorded_at, user_agent) VALUES ($1, 'p', 'given', 'a', 'api', 'v', $2, 'ua')",
  ],
  objections: [
    "INSERT INTO objections (subject_id, kind, purpose, since, event_id) VALUES ($1, 'profiling', '', $2, 0)",
  ],
  objection_events: [
    "INSERT INTO objection_events (subject_id, kind, action, actor, source, recorded_at) VALUES ($1, 'profiling', 'raised', 'a', 'api', $2)",
  ],
  restrictions: [
    "INSERT INTO restrictions (subject_id, purpose, reason, since, event_id) VALUES ($1, '', 'r', $2, 0)",
  ],
  restriction_events: [
    "INSERT INTO restriction_events (subject_id, action, reason, actor, source, recorded_at) VALUES ($1, 'imposed', 'r', 'a', 'api', $2)",
  ],
  subscriptions: [
    "INSERT INTO subscriptions (subject_id, topic, since, event_id) VALUES ($1, 'newsletter', $2, 0)",
  ],
  interests: [
    "INSERT INTO interests (subject_id, topic, score, signals, scored_at) VALUES ($1, 'pension', 0.5, '[]', $2)",
  ],
  interest_suppressions: [
    "INSERT INTO interest_suppressions (subject_id, topic, since) VALUES ($1, 'pension', $2)",
  ],
  offer_outcomes: [
    "INSERT INTO offer_outcomes (subject_id, product, accepted, offered_at, recorded_by) VALUES ($1, 'p', true, $2, 'a')",
  ],
  subscription_events: [
    "INSERT INTO subscription_events (subject_id, topic, action, actor, source, recorded_at) VALUES ($1, 'newsletter', 'subscribed', 'a', 'api', $2)",
  ],
};

const SUBJECT_CLOCKS = new Set(['contract-end', 'last-contact']);
const OFFSETS = [
  { when: 'the day before it ends', days: 1, gone: false },
  { when: 'the day it ends', days: 0, gone: true },
  { when: 'the day after it ends', days: -1, gone: true },
] as const;

type Case = {
  rule: RetentionRule;
  store: string;
  days: number;
  gone: boolean;
  when: string;
  subject: string;
};

/** A subject whose clock for `rule` ends `days` days from FIXED_NOW, with one row in `store`. */
async function arrange(db: Queryable, rule: RetentionRule, store: string, days: number): Promise<string> {
  const end = new Date(FIXED_NOW.getTime() + days * 86_400_000);
  // Date clocks count from midnight UTC: a contract that ended on day D ends its period on D+duration.
  const clock = addDuration(end, rule.duration as string, -1);
  const lifecycle = SUBJECT_CLOCKS.has(rule.clock as string)
    ? rule.clock === 'last-contact'
      ? 'prospect'
      : rule.lifecycles?.includes('former') || !rule.lifecycles
        ? 'former'
        : (rule.lifecycles[0] as string)
    : (rule.lifecycles?.[0] ?? 'customer');
  const id = randomUUID();
  const date = (d: Date) => d.toISOString().slice(0, 10);
  const dateClock = rule.clock === 'contract-end' || rule.clock === 'invoice-date';
  // A date clock ends at midnight: FIXED_NOW is 10:00, so "the day of" is the date itself.
  const clockValue = dateClock ? new Date(`${date(clock)}T00:00:00Z`) : clock;
  await db.query(
    'INSERT INTO subjects (id, lifecycle, customer_since, contract_ended_on, last_contact_at) VALUES ($1, $2, $3, $4, $5)',
    [
      id,
      lifecycle,
      lifecycle === 'prospect' ? null : '1990-01-01',
      rule.clock === 'contract-end' ? date(clock) : lifecycle === 'former' ? '1990-06-01' : null,
      rule.clock === 'last-contact' ? clock : null,
    ],
  );
  for (const sql of FIXTURES[store] ?? []) await db.query(sql, sql.includes('$2') ? [id, clockValue] : [id]);
  return id;
}

async function remaining(db: Queryable, store: string, subject: string): Promise<number> {
  const key = store === 'subjects' ? 'id' : 'subject_id';
  const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${store} WHERE ${key} = $1`, [
    subject,
  ]);
  return r.rows[0]?.n ?? 0;
}

/**
 * Both example policies, and the bank's with the retention a bank typically applies but its
 * notice does not state (contract-end clocks, an anonymising obligation), so every kind of rule
 * is held to its boundary.
 */
const POLICIES: { name: string; file: () => Promise<string> }[] = [
  // The bank's file without its core banking system, which no test here starts.
  { name: 'policies/retail-bank.yaml', file: bankPolicy },
  { name: 'the bank policy with retention rules added', file: () => bankWithRetention() },
  { name: 'policies/energy-services.yaml', file: async () => 'policies/energy-services.yaml' },
];

describe.each(BACKENDS)('retention boundaries on %s', (backend) => {
  for (const { name, file } of POLICIES) {
    describe(name, () => {
      let d: Awaited<ReturnType<typeof testDeps>>;
      let policy: Policy;
      const cases: Case[] = [];
      beforeAll(async () => {
        d = await testDeps(backend, { policy: await file() });
        policy = d.policy;
        await d.db.query("SELECT garde_ensure_event_partitions('2015-01-01', 150)");
        for (const step of retentionPlan(policy)) {
          if (step.action === 'skip') continue;
          const rule = policy.retention.find((r) => r.id === step.rule) as RetentionRule;
          for (const o of OFFSETS) {
            // The subject step is checked through the identities fixture (nothing else keeps it).
            const fixture = step.store === 'subjects' ? 'identities' : step.store;
            const subject = await arrange(d.db, rule, fixture, o.days);
            cases.push({ rule, store: step.store, days: o.days, gone: o.gone, when: o.when, subject });
          }
        }
        const report = await runRetention(d);
        expect(report.totalRows).toBeGreaterThan(0);
      });
      afterAll(() => d.dispose());

      it('has a fixture for every store of the catalogue', () => {
        const acted = STORES.filter((x) => x.erase !== 'subject' && x.erase !== 'keep');
        expect(acted.filter((x) => !FIXTURES[x.table]).map((x) => x.table)).toEqual([]);
      });

      it('covers every rule that has a store to act on', async () => {
        const acted = new Set(cases.map((c) => c.rule.id));
        const withStores = retentionPlan(policy)
          .filter((s) => s.action !== 'skip')
          .map((s) => s.rule);
        expect([...acted].sort()).toEqual([...new Set(withStores)].sort());
      });

      it('each rule keeps data the day before its end, removes it the day of and the day after', async () => {
        const wrong: string[] = [];
        for (const c of cases) {
          const left = await remaining(d.db, c.store, c.subject);
          if ((left === 0) !== c.gone)
            wrong.push(
              `${c.rule.id} on ${c.store}, ${c.when}: ${left} row(s) left, expected ${c.gone ? 'none' : 'one'}`,
            );
        }
        expect(wrong).toEqual([]);
      });
    });
  }
});
