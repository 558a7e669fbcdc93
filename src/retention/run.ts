// Runs the retention plan: each step in its own transaction (a failure leaves earlier steps
// done and later ones untouched, and the next run resumes), event partitions dropped whole when
// every row in them is past its time. Reports counts per rule, category and store; never a
// personal datum.
import { appendAudit } from '../audit/store.ts';
import { dropDeparted } from '../comms/outbound.ts';
import type { Config } from '../platform/config.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { Deps } from '../platform/deps.ts';
import { addDuration, utc } from '../policy/duration.ts';
import { expireOutbound, type OutboundExpiry } from './outbound.ts';
import { retentionPlan, type Step, unruledCategories } from './plan.ts';

export type StepResult = {
  rule: string;
  category: string;
  /** The purposes the rule keeps the data for; absent: the whole category. */
  purposes?: string[];
  store: string;
  action: Step['action'];
  rows: number;
  partitionsDropped?: number;
  /** Dropped months were counted from table statistics, not row by row (the dry run is exact). */
  approximate?: true;
  ms: number;
  skipped?: string;
};

export type RetentionReport = {
  at: string;
  dryRun: boolean;
  steps: StepResult[];
  totalRows: number;
  unruled: { category: string; stores: string[] }[];
  /**
   * Outbound files past GARDE_OUTBOUND_DAYS, and records of people no longer on a campaign's
   * ledger dropped from its batch (when the run knows the data folder).
   */
  outbound?: OutboundExpiry & { days: number; departed: number };
  ms: number;
};

type Ctx = Pick<Deps, 'db' | 'policy' | 'now'> & { config?: Pick<Config, 'dataDir' | 'outboundDays'> };

export async function runRetention(
  d: Ctx,
  opts: { dryRun?: boolean; actor?: string; onStep?: (done: number, total: number, step: Step) => void } = {},
): Promise<RetentionReport> {
  const t0 = performance.now();
  const now = d.now();
  const dryRun = opts.dryRun ?? false;
  const steps = retentionPlan(d.policy);
  const results = dryRun ? await rehearse(d, steps, now, opts.onStep) : [];
  for (const [i, step] of dryRun ? [] : steps.entries()) {
    opts.onStep?.(i, steps.length, step);
    const t = performance.now();
    const result = await runStep(d, step, now);
    results.push({ ...result, ms: Math.round((performance.now() - t) * 10) / 10 });
  }
  opts.onStep?.(steps.length, steps.length, steps[steps.length - 1] as Step);
  const outbound = d.config
    ? {
        // After the steps: whoever they removed leaves the batches too (EN-11, as on erasure).
        departed: await dropDeparted(d.db, d.config.dataDir, dryRun),
        ...(await expireOutbound(d.config.dataDir, d.config.outboundDays, now, dryRun)),
        days: d.config.outboundDays,
      }
    : undefined;
  const report: RetentionReport = {
    at: now.toISOString(),
    dryRun,
    steps: results,
    totalRows: results.reduce((n, r) => n + r.rows, 0),
    unruled: unruledCategories(d.policy),
    ...(outbound ? { outbound } : {}),
    ms: Math.round(performance.now() - t0),
  };
  if (!dryRun) {
    await appendAudit(
      d.db,
      {
        actor: opts.actor ?? 'system:retention',
        action: 'retention.run',
        changeDigest: digestOf({ steps: results.map((r) => [r.rule, r.store, r.rows]), outbound }),
      },
      now,
    );
  }
  return report;
}

function stepOf(step: Step): Pick<StepResult, 'rule' | 'category' | 'purposes' | 'store' | 'action'> {
  return {
    rule: step.rule,
    category: step.category,
    ...(step.purposes ? { purposes: step.purposes } : {}),
    store: step.store,
    action: step.action,
  };
}

/** One step's removal, in `tx`: the rows it affected (people, for the subject step). */
async function applyStep(tx: Queryable, step: Step, now: Date): Promise<number> {
  await tx.query("SELECT set_config('garde.erasure', 'on', true)");
  const r = await tx.query<{ n: number | string }>(step.applySql, [now]);
  return step.store === 'subjects' ? Number(r.rows[0]?.n ?? 0) : r.rowCount;
}

async function runStep(d: Ctx, step: Step, now: Date): Promise<Omit<StepResult, 'ms'>> {
  const base = stepOf(step);
  if (step.action === 'skip') return { ...base, rows: 0, skipped: step.skipped };
  let partitionsDropped = 0;
  let rows = 0;
  let approximate = false;
  if (step.partitionAfter) {
    const r = await dropPartitions(d, step, now);
    partitionsDropped = r.dropped;
    rows += r.rows;
    approximate = r.approximate;
  }
  rows += await d.db.transaction((tx) => applyStep(tx, step, now));
  return {
    ...base,
    rows,
    ...(step.partitionAfter ? { partitionsDropped } : {}),
    ...(approximate ? { approximate: true as const } : {}),
  };
}

class Rehearsed extends Error {}

/**
 * The dry run is the real run, rolled back: every step's removal runs in order, in one
 * transaction, with the same cascades (a subject step takes its behaviour and communications,
 * which a later step then no longer counts; a row two rules would remove is counted by the
 * first), so it reports exactly what the run would remove, per step. Counting each step on its
 * own could not: steps overlap. Expired event months are emptied by the step's DELETE instead
 * of dropped (no DDL lock in a rehearsal); the rows are the same.
 */
async function rehearse(
  d: Ctx,
  steps: readonly Step[],
  now: Date,
  onStep?: (done: number, total: number, step: Step) => void,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  try {
    await d.db.transaction(async (tx) => {
      for (const [i, step] of steps.entries()) {
        onStep?.(i, steps.length, step);
        const t = performance.now();
        const rows = step.action === 'skip' ? 0 : await applyStep(tx, step, now);
        results.push({
          ...stepOf(step),
          rows,
          ...(step.skipped ? { skipped: step.skipped } : {}),
          ms: Math.round((performance.now() - t) * 10) / 10,
        });
      }
      throw new Rehearsed('rolled back: a dry run changes nothing');
    });
  } catch (err) {
    if (!(err instanceof Rehearsed)) throw err;
  }
  return results;
}

/**
 * BK-3 at scale: a monthly partition whose every possible event is past the limit is dropped
 * whole, O(1) instead of a DELETE per row. A legal hold on behaviour keeps the held subjects'
 * rows: then that partition is emptied by DELETE instead, sparing them.
 */
const EXACT_BELOW = 10_000;

async function dropPartitions(
  d: Ctx,
  step: Step,
  now: Date,
): Promise<{ dropped: number; rows: number; approximate: boolean }> {
  const limit = addDuration(now, step.partitionAfter as string, -1);
  const parts = await d.db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{4}_[0-9]{2}$' ORDER BY 1`,
  );
  const held = await d.db.query(
    `SELECT 1 FROM legal_holds WHERE released_at IS NULL AND (category IS NULL OR category = $1)
     AND (until IS NULL OR until > ($2::timestamptz AT TIME ZONE 'UTC')::date) LIMIT 1`,
    [step.category, now],
  );
  const expired = parts.rows
    .map((p) => p.name)
    .filter((name) => {
      const [, y, m] = /^events_(\d{4})_(\d{2})$/.exec(name) ?? [];
      // The partition holds events before `end`; all are past the limit when end <= now - D.
      return utc(Number(y), Number(m), 1) <= limit;
    });
  // A hold on behaviour: the step's DELETE empties these months instead, sparing the held.
  if (expired.length === 0 || held.rows.length > 0) return { dropped: 0, rows: 0, approximate: false };
  let rows = 0;
  let approximate = false;
  // One transaction for every month: one lock on the parent, one commit. What remains is the
  // filesystem freeing the files.
  await d.db.transaction(async (tx) => {
    for (const name of expired) {
      // Counting a large month row by row would cost as much as deleting it: a month past its
      // limit has long been analysed, so its statistics give the count. Small, or never
      // analysed: count it exactly.
      const stats = await tx.query<{ n: number | string }>(
        'SELECT reltuples::bigint AS n FROM pg_class WHERE oid = $1::regclass',
        [name],
      );
      let n = Number(stats.rows[0]?.n ?? -1);
      if (n < EXACT_BELOW) {
        const r = await tx.query<{ n: number | string }>(`SELECT count(*)::bigint AS n FROM ${name}`);
        n = Number(r.rows[0]?.n ?? 0);
      } else approximate = true;
      rows += n;
    }
    await tx.query(`DROP TABLE ${expired.join(', ')}`);
  });
  return { dropped: expired.length, rows, approximate };
}
