// Retention runs the DPO starts from the console (EN-10, issue 15): the same engine as the daily
// job and `garde retention run` (run.ts), in the background, with its progress in a row the
// console polls. One at a time (a partial unique index admits one running row). Each step of a
// run is its own transaction, so a process that dies mid-run leaves whole steps done and the rest
// untouched; its row's heartbeat stops, and the next start marks it abandoned and runs again,
// which resumes the work. The report holds counts, never a datum.
import { appendAudit } from '../audit/store.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Keyset, type Page, type PageRequest, paged } from '../platform/pagination.ts';
import { countActiveHolds } from '../rights/store.ts';
import { preparePartitions } from '../tracking/tracking.ts';
import { type RetentionReport, runRetention } from './run.ts';

export type RunStatus = 'running' | 'done' | 'failed' | 'abandoned';

export type RetentionRun = {
  id: string;
  status: RunStatus;
  /** Steps done, of `total` (one per rule and table, retention/plan.ts). */
  processed: number;
  total: number;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** What the run removed, once done. */
  report: RetentionReport | null;
};

/** A running row whose heartbeat is older than this belongs to a process that died. */
const STALE_AFTER = '2 minutes';
const HEARTBEAT_MS = 10_000;

const COLUMNS = `id, status, processed, total, started_by AS "startedBy", started_at AS "startedAt",
  finished_at AS "finishedAt", report`;

export const RUNS_NEWEST: Keyset = { list: 'retention-runs', parts: ['time', 'uuid'] };

/** Runs still going in this process: shutdown waits for them (settleRetentionRuns). */
const inFlight = new Set<Promise<void>>();

export async function settleRetentionRuns(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}

/**
 * Starts a run in the background and answers at once with its row. 409
 * RETENTION_RUN_IN_PROGRESS (naming it in `running`) while another runs.
 */
export async function startRetentionRun(d: Deps, actor: string): Promise<RetentionRun> {
  const run = await claimRun(d, actor);
  const work = carryOut(d, run.id, actor)
    .then(() => {})
    .finally(() => inFlight.delete(work));
  inFlight.add(work);
  return run;
}

/**
 * The daily upkeep's run (server.ts), under the same one-run-at-a-time rule as the console's: it
 * records its row, or answers null without touching anything while another run is going.
 * Resolves when the run ends, with its report (null too if it failed: its row says so).
 */
export async function runRetentionOnce(d: Deps, actor: string): Promise<RetentionReport | null> {
  let run: RetentionRun;
  try {
    run = await claimRun(d, actor);
  } catch (e) {
    if (e instanceof GardeError && e.code === 'RETENTION_RUN_IN_PROGRESS') return null;
    throw e;
  }
  const work = carryOut(d, run.id, actor);
  const settled = work.then(() => {}).finally(() => inFlight.delete(settled));
  inFlight.add(settled);
  return work;
}

/** The run's row, in the retention_runs_one_running index's one slot; else 409. */
async function claimRun(d: Deps, actor: string): Promise<RetentionRun> {
  const now = d.now();
  // A run's own times are the database's clock, not the policy clock (d.now): they order the
  // runs and tell a live process from a dead one.
  return d.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE retention_runs SET status = 'abandoned', finished_at = clock_timestamp()
       WHERE status = 'running' AND heartbeat_at < now() - interval '${STALE_AFTER}'`,
    );
    const r = await tx.query<RetentionRun>(
      `INSERT INTO retention_runs (started_by, started_at, heartbeat_at, status)
       VALUES ($1, clock_timestamp(), now(), 'running') ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [actor],
    );
    const created = r.rows[0];
    if (!created) {
      const running = await tx.query<{ id: string }>(
        "SELECT id FROM retention_runs WHERE status = 'running'",
      );
      throw new GardeError('RETENTION_RUN_IN_PROGRESS', undefined, { running: running.rows[0]?.id ?? null });
    }
    await appendAudit(
      tx,
      { actor, action: 'retention.start', changeDigest: digestOf({ run: created.id }) },
      now,
    );
    return created;
  });
}

async function carryOut(d: Deps, id: string, actor: string): Promise<RetentionReport | null> {
  const beat = setInterval(() => {
    d.db.query('UPDATE retention_runs SET heartbeat_at = now() WHERE id = $1', [id]).catch(() => {});
  }, HEARTBEAT_MS);
  beat.unref();
  // Progress rows are written one after another, never out of order.
  let progress: Promise<unknown> = Promise.resolve();
  try {
    await preparePartitions(d);
    const report = await runRetention(d, {
      actor,
      onStep: (done, total) => {
        progress = progress
          .then(() =>
            d.db.query(
              'UPDATE retention_runs SET processed = $2, total = $3, heartbeat_at = now() WHERE id = $1',
              [id, done, total],
            ),
          )
          .catch(() => {});
      },
    });
    await progress;
    await d.db.query(
      `UPDATE retention_runs SET status = 'done', processed = total, report = $2::jsonb,
       finished_at = clock_timestamp() WHERE id = $1`,
      [id, JSON.stringify(report)],
    );
    return report;
  } catch {
    await progress;
    // The steps done stay done; the next run resumes. The error itself is the server's business.
    await d.db
      .query("UPDATE retention_runs SET status = 'failed', finished_at = clock_timestamp() WHERE id = $1", [
        id,
      ])
      .catch(() => {});
    return null;
  } finally {
    clearInterval(beat);
  }
}

export async function getRetentionRun(db: Queryable, id: string): Promise<RetentionRun> {
  const r = await db.query<RetentionRun>(`SELECT ${COLUMNS} FROM retention_runs WHERE id = $1`, [id]);
  const run = r.rows[0];
  if (!run) throw new GardeError('RETENTION_RUN_NOT_FOUND');
  return run;
}

/** The runs, newest first (the one running, if any, among them). */
export async function listRetentionRuns(
  d: Pick<Deps, 'db' | 'sealer'>,
  req: PageRequest,
): Promise<Page<RetentionRun>> {
  return paged({ sealer: d.sealer }, RUNS_NEWEST, req, async (after, limit) => {
    const r = await d.db.query<RetentionRun & { k: string }>(
      `SELECT ${COLUMNS}, ${exactTime('started_at')} AS k FROM retention_runs
       WHERE ${afterKey(RUNS_NEWEST, ['started_at', 'id'], 'desc', 2)}
       ORDER BY started_at DESC, id DESC LIMIT $1`,
      [limit, ...keyParams(RUNS_NEWEST, after)],
    );
    return r.rows.map(({ k, ...item }) => ({ item, key: [k, item.id] }));
  });
}

export type RuleForecast = {
  rule: string;
  category: string;
  purposes?: string[];
  /** Rows (people, for the subject step) the run would remove or anonymise, all tables together. */
  rows: number;
  /** Legal holds in force on this category (or on everything): their people's rows are kept. */
  holds: number;
};

/**
 * The dry run (run.ts: the real run, rolled back) with its steps summed per rule and category,
 * and the legal holds that keep rows of each category.
 */
export async function retentionForecast(
  d: Deps,
): Promise<
  RetentionReport & { byRule: RuleForecast[]; holds: { category: string | null; holds: number }[] }
> {
  const report = await runRetention(d, { dryRun: true });
  const holds = await countActiveHolds(d.db, d.now());
  const everything = holds.find((h) => h.category === null)?.holds ?? 0;
  const byRule = new Map<string, RuleForecast>();
  for (const s of report.steps) {
    const key = `${s.rule}\u0000${s.category}`;
    const f = byRule.get(key) ?? {
      rule: s.rule,
      category: s.category,
      ...(s.purposes ? { purposes: s.purposes } : {}),
      rows: 0,
      holds: everything + (holds.find((h) => h.category === s.category)?.holds ?? 0),
    };
    f.rows += s.rows;
    byRule.set(key, f);
  }
  return { ...report, byRule: [...byRule.values()], holds };
}
