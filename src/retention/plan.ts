// The retention engine's plan (EN-10, BK-3): for every rule of the policy and every store of its
// category, the set-based SQL that finds and removes what is past its time. Pure text
// generation from the policy and the catalogue: no I/O. $1 is always "now".
//
// Semantics, in the order a DPO would ask:
// - a row goes when its rule's clock plus the duration is at or before now (the day of);
// - row clocks (event time, invoice date) judge each row; subject clocks (contract end, last
//   contact) judge the subject, and apply only to the lifecycles the rule names, so a prospect
//   who becomes a customer leaves the prospect rule for the customer one;
// - another legal-obligation rule of the same category that still runs keeps the row, and so
//   does an active legal hold on the subject (for that category, or for everything);
// - a rule acts only on the tables its category claims (the policy's storage), and says what
//   it cannot reach (a manual dataset) instead of staying silent;
// - when a subject's identification expires and nothing else of theirs is kept, the subject
//   goes too, with their behaviour and communications; their ledgers are anonymised.
import { categoryOf, declaredCategoryOf, elsewhereOf, storesOf } from '../datasets/storage.ts';
import { eventClockPast, literal } from '../decide/sql.ts';
import { isLegalObligation, keepersOf } from '../policy/retention-rules.ts';
import { type Policy, RETENTION_CLOCKS, type RetentionRule } from '../policy/schema.ts';
import { text } from '../policy/summary.ts';
import { type Clock, isRowClock, STORES, type Store } from '../rights/catalogue.ts';

export type Step = {
  rule: string;
  category: string;
  /** The purposes the rule keeps the data for (issue 13); absent: the whole category. */
  purposes?: string[];
  store: string;
  action: 'delete' | 'anonymise' | 'drop-partitions' | 'skip';
  /** Removes it; returns the number of rows affected. */
  applySql: string;
  /** For event partitions: the duration a partition must be past to be dropped whole. */
  partitionAfter?: string;
  /** Why a rule does not apply to a store of its category (reported, never silent). */
  skipped?: string;
};

/** A rule that states its period: the only kind that removes anything by itself. */
export type Timed = RetentionRule & { duration: string; clock: NonNullable<RetentionRule['clock']> };
export const timed = (r: RetentionRule): r is Timed => r.duration !== undefined && r.clock !== undefined;
const utc = (expr: string, isDate: boolean) => (isDate ? `(${expr}::timestamp AT TIME ZONE 'UTC')` : expr);
const DATE_CLOCKS = new Set(['t.invoice_date']);

export function lifecycleIn(rule: RetentionRule, alias: string): string {
  return rule.lifecycles ? ` AND ${alias}.lifecycle IN (${rule.lifecycles.map(literal).join(', ')})` : '';
}

/**
 * The subject clock has run out (contract end, last contact), for the rule's lifecycles. The
 * contract-end clock runs only once the person is a former customer: a returning customer's old
 * contract end never expires what their live relationship needs (as `decide()`'s clockStart).
 */
export function subjectExpired(rule: Timed, alias: string): string {
  const d = `interval ${literal(rule.duration)}`;
  if (isEventClock(rule.clock)) return `${eventPast(rule, alias)}${lifecycleIn(rule, alias)}`;
  const clock =
    rule.clock === 'contract-end'
      ? `${alias}.lifecycle = 'former' AND ${alias}.contract_ended_on IS NOT NULL AND ${utc(`${alias}.contract_ended_on`, true)} + ${d} <= $1`
      : `${alias}.last_contact_at IS NOT NULL AND ${alias}.last_contact_at + ${d} <= $1`;
  return `${clock}${lifecycleIn(rule, alias)}`;
}

/** The subject clock is running and not yet out: it keeps the subject's rows. */
function subjectRunning(rule: Timed, alias: string): string {
  const d = `interval ${literal(rule.duration)}`;
  // An obligation counting from an event still to come (a dispute not yet settled) keeps the rows.
  if (isEventClock(rule.clock)) return `(NOT ${eventPast(rule, alias)}${lifecycleIn(rule, alias)})`;
  const clock =
    rule.clock === 'contract-end'
      ? `${alias}.contract_ended_on IS NOT NULL AND ${utc(`${alias}.contract_ended_on`, true)} + ${d} > $1`
      : `${alias}.last_contact_at IS NOT NULL AND ${alias}.last_contact_at + ${d} > $1`;
  return `(${clock}${lifecycleIn(rule, alias)})`;
}

/** A clock the policy names (retentionEvents), read from the events the controller reported. */
const isEventClock = (clock: string) => !(RETENTION_CLOCKS as readonly string[]).includes(clock);

function eventPast(rule: Timed, alias: string): string {
  return eventClockPast(`${alias}.id`, rule.clock, rule.duration, '$1');
}

export function holdGuard(category: string, subjectExpr: string): string {
  return `NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.subject_id = ${subjectExpr} AND h.released_at IS NULL
      AND (h.category IS NULL OR h.category = ${literal(category)}) AND (h.until IS NULL OR h.until > ($1::timestamptz AT TIME ZONE 'UTC')::date))`;
}

/**
 * The subject clock of a purpose-scoped rule is not over: not started yet (a live contract, no
 * contact yet, an event still to come) or still running. That purpose still needs the data.
 */
function subjectNotOver(rule: Timed, alias: string): string {
  return `(NOT (${subjectExpired({ ...rule, lifecycles: undefined }, alias)})${lifecycleIn(rule, alias)})`;
}

/**
 * The other rules of the category that still run keep the row (plan.ts header): legal
 * obligations always; for a purpose-scoped rule, also the other purposes' rules (issue 13: data
 * is kept as long as any purpose that still needs it keeps it).
 */
export function keeperGuards(policy: Policy, rule: RetentionRule, clocks: Store['clocks']): string[] {
  const out: string[] = [];
  const subjectClocks: string[] = [];
  for (const other of keepersOf(policy, rule)) {
    // A rule with no stated end keeps every row until the DPO decides it has ended.
    if (!timed(other)) return ['FALSE'];
    if (isRowClock(other.clock)) {
      // A row clock governs the tables that have it (invoices, not the contracts beside them);
      // policy check refuses an obligation that no table of its category can read.
      const expr = clocks[other.clock as Clock];
      if (!expr) continue;
      const rowLifecycle = other.lifecycles
        ? ` OR NOT EXISTS (SELECT 1 FROM subjects s3 WHERE s3.id = t.subject_id${lifecycleIn(other, 's3')})`
        : '';
      out.push(
        `(${utc(expr, DATE_CLOCKS.has(expr))} + interval ${literal(other.duration)} <= $1${rowLifecycle})`,
      );
    } else {
      subjectClocks.push(
        isLegalObligation(policy, other) ? subjectRunning(other, 's2') : subjectNotOver(other, 's2'),
      );
    }
  }
  if (subjectClocks.length > 0)
    out.push(
      `NOT EXISTS (SELECT 1 FROM subjects s2 WHERE s2.id = t.subject_id AND (${subjectClocks.join(' OR ')}))`,
    );
  return out;
}

function removal(store: Store, action: RetentionRule['action'], where: string, using = ''): string {
  if (action === 'anonymise' && store.erase === 'pseudonymise') {
    const extra = store.table === 'consent_events' ? ', user_agent = NULL, ip_prefix = NULL' : '';
    // Anonymised: a fresh random id per row links it to nobody, not even to the other rows.
    return `UPDATE ${store.table} t SET subject_id = gen_random_uuid()${extra}${using ? ` FROM ${using}` : ''} WHERE ${where}`;
  }
  return `DELETE FROM ${store.table} t${using ? ` USING ${using}` : ''} WHERE ${where}`;
}

/**
 * Categories of stored data that no retention rule covers (Garde's tables that keep them):
 * reported, so the gap is seen. Tables no category claims are `unclassified` and never removed.
 */
export function unruledCategories(policy: Policy): { category: string; stores: string[] }[] {
  const ruled = new Set(policy.retention.map((r) => r.category));
  const out = new Map<string, string[]>();
  for (const s of STORES) {
    if (s.erase === 'subject' || s.erase === 'keep') continue;
    const declared = declaredCategoryOf(policy, s);
    if (declared !== undefined && ruled.has(declared)) continue;
    const c = categoryOf(policy, s);
    out.set(c, [...(out.get(c) ?? []), s.table]);
  }
  return [...out].map(([category, stores]) => ({ category, stores }));
}

/** Which rule a step carries out, as the report names it. */
const ruleOf = (rule: RetentionRule) => ({
  rule: rule.id,
  category: rule.category,
  ...(rule.purposes ? { purposes: rule.purposes } : {}),
});

const noop = (rule: RetentionRule, store: string) =>
  ({ ...ruleOf(rule), store, action: 'skip', applySql: '' }) as const;

/** A dataset Garde reaches through a connector (datasets/connector.ts openConnector). */
export const isConnected = (policy: Policy, dataset: string): boolean => {
  const kind = policy.datasets?.find((d) => d.id === dataset)?.kind;
  return kind !== undefined && kind !== 'manual';
};

export function retentionPlan(policy: Policy): Step[] {
  const steps: Step[] = [];
  for (const rule of policy.retention) {
    const stores = storesOf(policy, rule.category).filter((s) => s.erase !== 'subject' && s.erase !== 'keep');
    if (!timed(rule)) {
      // The notice states no number: nothing goes by itself, and the report says so.
      const skipped = `no period stated (${rule.period ? text(rule.period, 'en') : 'as long as needed'}): nothing is deleted automatically${rule.review ? `; reviewed every ${rule.review}` : '; name a review period'}`;
      for (const store of stores) steps.push({ ...noop(rule, store.table), skipped });
      continue;
    }
    for (const store of stores) steps.push(storeStep(policy, rule, store));
    if (!isRowClock(rule.clock) && stores.some((s) => s.table === 'identities'))
      steps.push(subjectStep(rule));
    // Connected datasets are swept through their connectors (datasets/retention.ts); people
    // act on the manual ones.
    for (const e of elsewhereOf(policy, rule.category).filter((e) => !isConnected(policy, e.dataset)))
      steps.push({
        ...noop(rule, `${e.dataset}:${e.table}`),
        skipped: `kept in ${e.dataset} (${e.table}), which people keep by hand: remove there what is ${rule.duration} past its ${rule.clock}${keepersOf(policy, rule).length > 0 ? ', unless another rule of the category or a legal hold still keeps it' : ''}`,
      });
  }
  return steps;
}

function storeStep(policy: Policy, rule: Timed, store: Store): Step {
  const base = { ...ruleOf(rule), store: store.table };
  const guards = [holdGuard(rule.category, 't.subject_id'), ...keeperGuards(policy, rule, store.clocks)];
  if (isRowClock(rule.clock)) {
    const expr = store.clocks[rule.clock as Clock];
    if (!expr) {
      const skipped = store.current
        ? 'current state: lives as long as the subject'
        : `${store.table} has no ${rule.clock} clock`;
      return { ...base, action: 'skip', applySql: '', skipped };
    }
    const d = `interval ${literal(rule.duration)}`;
    const clock = utc(expr, DATE_CLOCKS.has(expr));
    // The exact test (clock + d <= now) plus a looser, index- and partition-friendly bound
    // (calendar months make the two differ by up to three days at month ends).
    const where = [
      `${expr} < ${DATE_CLOCKS.has(expr) ? "($1::timestamptz AT TIME ZONE 'UTC')::date" : '$1::timestamptz'} - ${d} + interval '4 days'`,
      `${clock} + ${d} <= $1`,
      ...(rule.lifecycles
        ? [`EXISTS (SELECT 1 FROM subjects s WHERE s.id = t.subject_id${lifecycleIn(rule, 's')})`]
        : []),
      ...guards,
    ].join('\n  AND ');
    // Whole months go only when nothing else of the category may keep a row of them.
    const partitioned = store.table === 'events' && !rule.lifecycles && keepersOf(policy, rule).length === 0;
    return {
      ...base,
      action: partitioned ? 'drop-partitions' : rule.action,
      applySql: removal(store, rule.action, where),
      ...(partitioned ? { partitionAfter: rule.duration } : {}),
    };
  }
  const where = [`s.id = t.subject_id`, subjectExpired(rule, 's'), ...guards].join('\n  AND ');
  return {
    ...base,
    action: rule.action,
    applySql: removal(store, rule.action, where, 'subjects s'),
  };
}

/** Tables whose rows keep a subject alive, and those that go (or are anonymised) with it. */
const KEEPS_SUBJECT = ['identities', 'contracts', 'billing_records', 'holdings', 'installations'];
const GO_WITH_SUBJECT = ['events', 'communications'];
const LEDGERS = [
  'cap_overrides',
  'consent_events',
  'objection_events',
  'restriction_events',
  'subscription_events',
];

/** When identification expires and nothing else is kept, the subject itself goes. */
function subjectStep(rule: Timed): Step {
  const where = [
    subjectExpired(rule, 's'),
    `s.lifecycle <> 'customer'`,
    ...KEEPS_SUBJECT.map((t) => `NOT EXISTS (SELECT 1 FROM ${t} k WHERE k.subject_id = s.id)`),
    holdGuard(rule.category, 's.id'),
    `NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.subject_id = s.id AND h.released_at IS NULL)`,
  ].join('\n  AND ');
  const cascades = [
    ...GO_WITH_SUBJECT.map((t, i) => `g${i} AS (DELETE FROM ${t} WHERE subject_id IN (SELECT id FROM gone))`),
    ...LEDGERS.map(
      (t, i) =>
        `l${i} AS (UPDATE ${t} SET subject_id = gen_random_uuid()${t === 'consent_events' ? ', user_agent = NULL, ip_prefix = NULL' : ''} WHERE subject_id IN (SELECT id FROM gone))`,
    ),
  ];
  return {
    ...ruleOf(rule),
    store: 'subjects',
    action: 'delete',
    applySql: `WITH gone AS (DELETE FROM subjects s WHERE ${where} RETURNING s.id),
${cascades.join(',\n')}
SELECT count(*)::bigint AS n FROM gone`,
  };
}
