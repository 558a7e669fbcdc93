// Runs the retention plan: each step in its own transaction (a failure leaves earlier steps
// done and later ones untouched, and the next run resumes), event partitions dropped whole when
// every row in them is past its time. Reports counts per rule, category and store; never a
// personal datum. The controller's connected systems (datasets) are swept first, through their
// connectors, while Garde still knows who is past (its own steps may remove those persons); a
// system that cannot be reached is a failed step in the report, and the run goes on.
import { appendAudit } from '../audit/store.ts';
import { dropDeparted } from '../comms/outbound.ts';
import type { Env } from '../datasets/connector.ts';
import { openConnector } from '../datasets/connector.ts';
import { type DatasetStep, datasetRetentionPlan, keyQueriesOf, sweepActions } from '../datasets/retention.ts';
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
  /** Garde's table, or `dataset:table` for a controller's system. */
  store: string;
  action: Step['action'] | DatasetStep['action'];
  /** Rows removed or anonymised (people, for the subject step); in a dataset, deleted plus masked. */
  rows: number;
  /** Of `rows`, those whose columns of the category were masked (a table that keeps other categories). */
  masked?: number;
  /** The step could not be done (its dataset unreachable): why, with no datum and no secret. */
  failed?: string;
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
  /** Steps that failed (a system that could not be reached): `garde retention run` exits 1. */
  failed: number;
  unruled: { category: string; stores: string[] }[];
  /**
   * Outbound files past GARDE_OUTBOUND_DAYS, and records of people no longer on a campaign's
   * ledger dropped from its batch (when the run knows the data folder).
   */
  outbound?: OutboundExpiry & { days: number; departed: number };
  ms: number;
};

type Ctx = Pick<Deps, 'db' | 'policy' | 'now'> & {
  config?: Pick<Config, 'dataDir' | 'outboundDays'>;
  /** Where the datasets' connection variables are read; process.env by default. */
  env?: Env;
};

type OnStep = (done: number, total: number, step: Pick<Step, 'rule' | 'store'>) => void;

export async function runRetention(
  d: Ctx,
  opts: { dryRun?: boolean; actor?: string; onStep?: OnStep } = {},
): Promise<RetentionReport> {
  const t0 = performance.now();
  const now = d.now();
  const dryRun = opts.dryRun ?? false;
  const steps = retentionPlan(d.policy);
  const elsewhere = datasetRetentionPlan(d.policy, now);
  const total = elsewhere.length + steps.length;
  const swept = await sweepDatasets(d, elsewhere, now, dryRun, (i, step) => opts.onStep?.(i, total, step));
  const progress: OnStep | undefined = opts.onStep
    ? (i, _, step) => opts.onStep?.(elsewhere.length + i, total, step)
    : undefined;
  const results = dryRun ? await rehearse(d, steps, now, progress) : [];
  for (const [i, step] of dryRun ? [] : steps.entries()) {
    progress?.(i, steps.length, step);
    const t = performance.now();
    const result = await runStep(d, step, now);
    results.push({ ...result, ms: Math.round((performance.now() - t) * 10) / 10 });
  }
  opts.onStep?.(total, total, (steps[steps.length - 1] ?? elsewhere[elsewhere.length - 1]) as Step);
  // The report lists the steps rule by rule, each rule's systems beside Garde's tables.
  const order = new Map(d.policy.retention.map((r, i) => [r.id, i]));
  const rank = (r: StepResult) => order.get(r.rule) ?? order.size;
  const all = [...results, ...swept].sort((a, b) => rank(a) - rank(b));
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
    steps: all,
    totalRows: all.reduce((n, r) => n + r.rows, 0),
    failed: all.filter((r) => r.failed !== undefined).length,
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
        changeDigest: digestOf({
          steps: all.map((r) => [r.rule, r.store, r.rows, ...(r.failed ? ['failed'] : [])]),
          outbound,
        }),
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
async function rehearse(d: Ctx, steps: readonly Step[], now: Date, onStep?: OnStep): Promise<StepResult[]> {
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

/**
 * The rules' steps in the controller's connected systems, one system after another: the persons
 * each step acts on are read from Garde first (one set-based query each), then each step runs
 * through the system's connector in the system's own transaction. The dry run runs all of a
 * system's steps in one transaction, rolled back, so it counts exactly what the run removes.
 * A system that cannot be reached fails its steps, with the reason; the others go on.
 */
async function sweepDatasets(
  d: Ctx,
  steps: readonly DatasetStep[],
  now: Date,
  dryRun: boolean,
  onStep: (i: number, step: DatasetStep) => void,
): Promise<StepResult[]> {
  if (steps.length === 0) return [];
  const keys = new Map<string, string[]>();
  for (const q of keyQueriesOf(steps)) {
    const r = await d.db.query<{ k: string }>(q, [now]);
    keys.set(
      q,
      r.rows.map((row) => row.k),
    );
  }
  const out = new Map<DatasetStep, StepResult>();
  const base = (s: DatasetStep): StepResult => ({
    rule: s.rule,
    category: s.category,
    ...(s.purposes ? { purposes: s.purposes } : {}),
    store: s.store,
    action: s.action,
    rows: 0,
    ms: 0,
    ...(s.skipped ? { skipped: s.skipped } : {}),
  });
  let done = 0;
  for (const id of [...new Set(steps.map((s) => s.dataset))]) {
    const mine = steps.filter((s) => s.dataset === id);
    const dataset = d.policy.datasets?.find((x) => x.id === id);
    const work = mine
      .filter((s) => s.action !== 'skip')
      .map((s) => {
        const table = dataset?.tables?.find((t) => t.name === s.table);
        return { step: s, actions: table ? sweepActions(table, s.sweeps, keys) : [] };
      });
    for (const s of mine) if (s.action === 'skip') out.set(s, base(s));
    if (work.length === 0 || !dataset) continue;
    // DatasetUnavailableError's message names the system and the driver's reason, secrets redacted.
    const fail = (why: unknown) => (r: StepResult) => ({
      ...r,
      failed: why instanceof Error ? why.message : String(why),
    });
    const t0 = performance.now();
    let connector: Awaited<ReturnType<typeof openConnector>>;
    try {
      connector = await openConnector(dataset, d.env ?? process.env);
    } catch (err) {
      for (const w of work) out.set(w.step, fail(err)(base(w.step)));
      done += mine.length;
      continue;
    }
    try {
      if (dryRun) {
        onStep(done, work[0]?.step as DatasetStep);
        try {
          const applied = await connector.apply(
            null,
            work.flatMap((w) => w.actions),
            { dryRun: true },
          );
          const results = applied.done ? applied.results : [];
          let at = 0;
          for (const w of work) {
            out.set(w.step, counted(base(w.step), results.slice(at, at + w.actions.length), t0));
            at += w.actions.length;
          }
        } catch (err) {
          for (const w of work) out.set(w.step, fail(err)(base(w.step)));
        }
      } else {
        for (const w of work) {
          onStep(done++, w.step);
          const t = performance.now();
          try {
            const applied =
              w.actions.length > 0
                ? await connector.apply(null, w.actions)
                : { done: true as const, results: [] };
            out.set(
              w.step,
              applied.done
                ? counted(base(w.step), applied.results, t)
                : { ...base(w.step), skipped: `accepted by ${id}, which completes it later` },
            );
          } catch (err) {
            out.set(w.step, fail(err)(base(w.step)));
          }
        }
      }
    } finally {
      await connector.close();
    }
  }
  return steps.map((s) => out.get(s) ?? base(s));
}

function counted(r: StepResult, results: readonly { op: string; rows: number }[], t0: number): StepResult {
  const masked = results.filter((x) => x.op === 'mask').reduce((n, x) => n + x.rows, 0);
  return {
    ...r,
    rows: results.reduce((n, x) => n + x.rows, 0),
    ...(masked > 0 ? { masked } : {}),
    ms: Math.round((performance.now() - t0) * 10) / 10,
  };
}
