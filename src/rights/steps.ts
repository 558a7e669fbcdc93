// A request's steps in every system that holds the person's data (issue 16): stored, run, retried.
// A step is claimed before it runs (a lease, so two operators never run it at once), and once
// done it is never run again: a retry runs what failed or is pending, with the actions and the
// person's keys fixed when the step was made (sealed: Garde's own part may have erased them).
import {
  type ActionResult,
  type PersonKeys,
  type RowCondition,
  rectificationActions,
  type TableAction,
} from '../datasets/actions.ts';
import { type Connector, DatasetUnavailableError, type Env, openConnector } from '../datasets/connector.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { Deps } from '../platform/deps.ts';
import { addDuration } from '../policy/duration.ts';
import { type Dataset, GARDE_DATASET } from '../policy/schema.ts';
import { DEFAULT_TASK, type PlannedStep, type TaskItem } from './steps-plan.ts';

export const STEP_STATUSES = ['pending', 'failed', 'waiting', 'done'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** One system's part of a request, as the DPO sees it: never the person's keys. */
export type RequestStep = {
  dataset: string;
  status: StepStatus;
  /** manual: the role whose task it is, and when it is due. */
  assignee: string | null;
  dueAt: Date | null;
  attempts: number;
  /** Why the last attempt failed (no personal data, no secret). */
  error: string | null;
  actions: TableAction[];
  task: TaskItem[] | null;
  /** What was done there: rows per table and action; what stays. */
  result: Record<string, unknown> | null;
  updatedAt: Date;
  doneAt: Date | null;
  doneBy: string | null;
};

/** What a step carries sealed: the keys to find the person there, and a rectification's values. */
export type Sealed = { keys: PersonKeys; corrected?: Record<string, string | null> };

/** How long a claimed step is held by the one running it: a process that died lets go after this. */
const STEP_LEASE_MS = 2 * 60_000;

export const STEP_COLUMNS = `dataset, status, assignee, due_at, attempts, error, actions, result, updated_at, done_at, done_by`;

export type StepRow = {
  dataset: string;
  status: StepStatus;
  assignee: string | null;
  due_at: Date | null;
  attempts: number;
  error: string | null;
  actions: { actions?: TableAction[]; task?: TaskItem[] } | null;
  result: Record<string, unknown> | null;
  updated_at: Date;
  done_at: Date | null;
  done_by: string | null;
};

// Conditions carry instants; JSON carries them as strings.
const reviveCondition = (c: RowCondition): RowCondition =>
  c.op === 'at-or-before' || c.op === 'after' ? { ...c, value: new Date(c.value as unknown as string) } : c;
const revive = (a: TableAction): TableAction =>
  'where' in a && a.where ? ({ ...a, where: a.where.map(reviveCondition) } as TableAction) : a;

export const toStep = (r: StepRow): RequestStep => ({
  dataset: r.dataset,
  status: r.status,
  assignee: r.assignee,
  dueAt: r.due_at,
  attempts: r.attempts,
  error: r.error,
  actions: (r.actions?.actions ?? []).map(revive),
  task: r.actions?.task ?? null,
  result: r.result,
  updatedAt: r.updated_at,
  doneAt: r.done_at,
  doneBy: r.done_by,
});

/** Garde's own step first, then the datasets in the policy's order (the order they were made). */
export async function selectSteps(db: Queryable, requestId: string): Promise<RequestStep[]> {
  const r = await db.query<StepRow>(
    `SELECT ${STEP_COLUMNS} FROM rights_request_steps WHERE request_id = $1 ORDER BY (dataset = $2) DESC, created_at, dataset`,
    [requestId, GARDE_DATASET],
  );
  return r.rows.map(toStep);
}

/** A rectification's values stay sealed: the stored action names the columns it writes. */
const SEALED = '(sealed)';
const withoutValues = (a: TableAction): TableAction =>
  a.op === 'update' ? { ...a, set: Object.fromEntries(Object.keys(a.set).map((k) => [k, SEALED])) } : a;

export async function insertSteps(
  tx: Queryable,
  d: Pick<Deps, 'policy' | 'sealer'>,
  requestId: string,
  planned: readonly PlannedStep[],
  sealed: Sealed,
  now: Date,
): Promise<void> {
  for (const [i, s] of planned.entries()) {
    const task =
      s.via === 'task' ? (d.policy.datasets?.find((x) => x.id === s.dataset)?.task ?? DEFAULT_TASK) : null;
    // Each step a microsecond apart: they list in the order they were planned.
    const at = new Date(now.getTime() + i);
    await tx.query(
      `INSERT INTO rights_request_steps
         (request_id, dataset, status, assignee, due_at, actions, person_enc, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (request_id, dataset) DO NOTHING`,
      [
        requestId,
        s.dataset,
        task ? 'waiting' : 'pending',
        task?.role ?? null,
        task ? addDuration(now, task.within) : null,
        JSON.stringify({ actions: s.actions.map(withoutValues), ...(s.task ? { task: s.task } : {}) }),
        // Garde's own step keeps only a rectification's values (it applies them itself).
        s.via === 'garde'
          ? sealed.corrected
            ? d.sealer.seal(JSON.stringify({ keys: sealed.keys, corrected: sealed.corrected }))
            : null
          : d.sealer.seal(JSON.stringify(sealed)),
        at,
      ],
    );
  }
}

/**
 * Takes a step to run it: only one that is not done, not a person's task, and not held by
 * another run. Returns the sealed keys, or null when someone else holds it or it is done.
 */
async function claim(
  db: Queryable,
  d: Pick<Deps, 'sealer'>,
  requestId: string,
  dataset: string,
  now: Date,
): Promise<Sealed | null> {
  const r = await db.query<{ person_enc: Buffer | null }>(
    `UPDATE rights_request_steps SET attempts = attempts + 1, updated_at = $3, running_until = $4
      WHERE request_id = $1 AND dataset = $2 AND status <> 'done' AND assignee IS NULL
        AND (running_until IS NULL OR running_until <= $3)
      RETURNING person_enc`,
    [requestId, dataset, now, new Date(now.getTime() + STEP_LEASE_MS)],
  );
  const row = r.rows[0];
  if (!row?.person_enc) return null;
  return JSON.parse(d.sealer.open(Buffer.from(row.person_enc))) as Sealed;
}

/** Records how a step ended; a step done forgets the person's keys. */
export async function settleStep(
  db: Queryable,
  requestId: string,
  dataset: string,
  s: {
    status: StepStatus;
    error?: string | null;
    ref?: string | null;
    result?: Record<string, unknown> | null;
    actor: string;
  },
  now: Date,
): Promise<boolean> {
  const done = s.status === 'done';
  const r = await db.query(
    `UPDATE rights_request_steps
        SET status = $3, error = $4, ref = COALESCE($5, ref), result = COALESCE($6, result), updated_at = $7,
            running_until = NULL,
            done_at = CASE WHEN $8 THEN $7 ELSE done_at END, done_by = CASE WHEN $8 THEN $9 ELSE done_by END,
            person_enc = CASE WHEN $8 THEN NULL ELSE person_enc END
      WHERE request_id = $1 AND dataset = $2 AND status <> 'done'`,
    [
      requestId,
      dataset,
      s.status,
      s.error ?? null,
      s.ref ?? null,
      s.result ? JSON.stringify(s.result) : null,
      now,
      done,
      s.actor,
    ],
  );
  return r.rowCount > 0;
}

/**
 * The person's keys (and a rectification's values) of the requests' steps not done: a request
 * closed without them (rejected, or closed by the person's erasure) keeps nothing of the person.
 */
export async function forgetStepKeys(tx: Queryable, requestIds: readonly string[]): Promise<void> {
  await tx.query(
    "UPDATE rights_request_steps SET person_enc = NULL WHERE request_id = ANY($1::uuid[]) AND status <> 'done'",
    [requestIds],
  );
}

/** The result of a connector's actions, as a step keeps it: rows per table and action. */
export const resultOf = (results: readonly ActionResult[]): Record<string, unknown> => ({ tables: results });

export type StepRunner = {
  /** Opens a dataset's connector (tests put a failing or counting one here). */
  open?: typeof openConnector;
  env?: Env;
};

/**
 * Runs every step of the request that a connector carries out and is not done: applies its
 * actions (access, portability: reads and counts), or asks a system that completes later how
 * its job stands. Each ends done, waiting (http) or failed with the error; none throws.
 */
export async function runConnectorSteps(
  d: Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>,
  requestId: string,
  actor: string,
  runner: StepRunner = {},
): Promise<void> {
  const steps = await selectSteps(d.db, requestId);
  for (const step of steps) {
    if (step.dataset === GARDE_DATASET || step.status === 'done' || step.assignee !== null) continue;
    const dataset = d.policy.datasets?.find((x) => x.id === step.dataset);
    const now = d.now();
    if (!dataset) {
      await settleStep(
        d.db,
        requestId,
        step.dataset,
        { status: 'failed', error: `the policy no longer declares dataset "${step.dataset}"`, actor },
        now,
      );
      continue;
    }
    const sealed = await claim(d.db, d, requestId, step.dataset, now);
    if (!sealed) continue;
    let connector: Connector | null = null;
    try {
      // Within someone's request: a system that keeps failing is left to the job (steps-job.ts)
      // after a few seconds, not waited on for the connector's whole budget.
      connector = await (runner.open ?? openConnector)(dataset, runner.env ?? process.env, {
        http: { budgetMs: 5_000 },
      });
      const ref = `${requestId}/${step.dataset}`;
      const applied =
        step.status === 'waiting' && connector.poll
          ? await connector.poll(ref)
          : step.actions.length > 0
            ? await connector.apply(sealed.keys, unsealed(dataset, step.actions, sealed), { ref })
            : { done: true as const, results: await counted(connector, sealed.keys) };
      await settleStep(
        d.db,
        requestId,
        step.dataset,
        applied.done
          ? {
              status: 'done',
              error: null,
              result: { ...resultOf(applied.results), ...unmatched(dataset, sealed.keys) },
              actor,
            }
          : { status: 'waiting', error: null, ref: applied.ref, actor },
        d.now(),
      );
    } catch (err) {
      const error =
        err instanceof DatasetUnavailableError
          ? err.message
          : `dataset "${step.dataset}": ${(err as Error).message}`;
      await settleStep(d.db, requestId, step.dataset, { status: 'failed', error, actor }, d.now());
    } finally {
      await connector?.close().catch(() => {});
    }
  }
}

/**
 * The keys the system finds people by that Garde does not hold for this person (no customer
 * number, no e-mail): their tables were not searched, and the result says so rather than "none".
 */
function unmatched(dataset: Dataset, keys: PersonKeys): { unmatched?: string[] } {
  const missing = [...new Set((dataset.tables ?? []).map((t) => t.person.by))].filter(
    (k) => keys[k] === null,
  );
  return missing.length > 0 ? { unmatched: missing } : {};
}

/** The stored actions with a rectification's values put back from the sealed part. */
function unsealed(dataset: Dataset, actions: readonly TableAction[], sealed: Sealed): TableAction[] {
  if (!actions.some((a) => a.op === 'update')) return [...actions];
  const corrected = rectificationActions(dataset, sealed.corrected ?? {});
  return actions.map((a) => (a.op === 'update' ? (corrected.find((c) => c.table === a.table) ?? a) : a));
}

/** Access and portability: how many of the person's rows each table holds (the rows are read at delivery). */
async function counted(connector: Connector, keys: PersonKeys): Promise<ActionResult[]> {
  const tables = await connector.read(keys);
  return tables.map((t) => ({ table: t.table, op: 'keep' as const, rows: t.rows.length }));
}

/** The sealed keys of a step, for the person whose task it is (they must find the person there). */
export async function stepKeys(
  db: Queryable,
  d: Pick<Deps, 'sealer'>,
  requestId: string,
  dataset: string,
): Promise<Sealed | null> {
  const r = await db.query<{ person_enc: Buffer | null }>(
    'SELECT person_enc FROM rights_request_steps WHERE request_id = $1 AND dataset = $2',
    [requestId, dataset],
  );
  const enc = r.rows[0]?.person_enc;
  return enc ? (JSON.parse(d.sealer.open(Buffer.from(enc))) as Sealed) : null;
}
