// The steps of requests that wait on someone (issue 16): a manual dataset's task, marked done by
// the role it names; the list of steps not done across requests, so the DPO sees which system is
// pending; and the keys a person needs to find the data subject in a system Garde does not reach.
import { appendAudit } from '../audit/store.ts';
import type { Role } from '../keys/model.ts';
import { digestOf } from '../platform/crypto.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Keyset, type Page, type PageRequest, paged } from '../platform/pagination.ts';
import { GARDE_DATASET } from '../policy/schema.ts';
import { completeIfDone } from './fulfil.ts';
import { loadRequest } from './requests.ts';
import {
  type RequestStep,
  type Sealed,
  STEP_COLUMNS,
  type StepRow,
  selectSteps,
  settleStep,
  stepKeys,
  toStep,
} from './steps.ts';
import { selectRequest } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

/** Who may act on a task: the role it names, and the DPO and admin, who oversee every one. */
function mayHandle(role: Role, step: RequestStep): boolean {
  return role === 'dpo' || role === 'admin' || step.assignee === role;
}

async function taskOf(
  d: Ctx,
  requestId: string,
  dataset: string,
  role: Role,
  /** The DPO settles by hand a system's step that keeps failing (it was done there another way). */
  byHand = false,
): Promise<RequestStep> {
  const step = (await selectSteps(d.db, requestId)).find((s) => s.dataset === dataset);
  if (!step)
    throw new GardeError('STEP_NOT_FOUND', `request ${requestId} has no step in dataset "${dataset}"`);
  if (byHand && step.assignee === null && step.dataset !== GARDE_DATASET && step.status === 'failed') {
    if (role !== 'dpo' && role !== 'admin')
      throw new GardeError('ROLE_FORBIDDEN', "only the DPO settles a system's failed step by hand");
    return step;
  }
  if (step.assignee === null)
    throw new GardeError(
      'STEP_NOT_TASK',
      `Garde carries out the step in "${dataset}" itself: fulfil the request again to retry it`,
    );
  if (!mayHandle(role, step))
    throw new GardeError('ROLE_FORBIDDEN', `the task in "${dataset}" is for the ${step.assignee}`);
  return step;
}

/**
 * Marks a manual dataset's task done (the person did it there), with an optional note of what was
 * done (never personal data: it is shown to the DPO). Completes the request when it was the last.
 */
export async function completeTask(
  d: Ctx,
  requestId: string,
  dataset: string,
  who: { actor: string; role: Role },
  note: string | undefined,
): Promise<{ step: RequestStep; completed: boolean }> {
  const r = await loadRequest(d, requestId);
  const step = await taskOf(d, requestId, dataset, who.role, note !== undefined);
  if (step.status === 'done') return { step, completed: r.status === 'completed' };
  if (r.status !== 'verified') throw new GardeError('REQUEST_STATE', `the request is ${r.status}`);
  const now = d.now();
  const completed = await d.db.transaction(async (tx) => {
    const cur = await selectRequest(tx, requestId, true);
    if (!cur) throw new GardeError('REQUEST_NOT_FOUND');
    if (cur.status !== 'verified') throw new GardeError('REQUEST_STATE', `the request is ${cur.status}`);
    await settleStep(
      tx,
      requestId,
      dataset,
      {
        status: 'done',
        error: null,
        result: {
          ...(note ? { note } : { done: true }),
          ...(step.assignee === null ? { byHand: true } : {}),
        },
        actor: who.actor,
      },
      now,
    );
    await appendAudit(
      tx,
      {
        actor: who.actor,
        action: 'rights.step.done',
        subjectId: cur.subjectId,
        changeDigest: digestOf({ requestId, dataset }),
      },
      now,
    );
    return completeIfDone(tx, d, cur, who.actor);
  });
  const after = (await selectSteps(d.db, requestId)).find((s) => s.dataset === dataset) as RequestStep;
  return { step: after, completed };
}

/** The keys to find the person in the task's system, for whoever the task is for; audited. */
export async function taskPerson(
  d: Ctx,
  requestId: string,
  dataset: string,
  who: { actor: string; role: Role },
): Promise<Sealed> {
  const r = await loadRequest(d, requestId);
  const step = await taskOf(d, requestId, dataset, who.role);
  if (r.status !== 'verified') throw new GardeError('REQUEST_STATE', `the request is ${r.status}`);
  const sealed = step.status === 'done' ? null : await stepKeys(d.db, d, requestId, dataset);
  if (!sealed)
    throw new GardeError(
      'STEP_STATE',
      `the task in "${dataset}" is done: the person's keys are no longer kept`,
    );
  await appendAudit(
    d.db,
    {
      actor: who.actor,
      action: 'rights.step.person',
      subjectId: r.subjectId,
      changeDigest: digestOf({ requestId, dataset }),
    },
    d.now(),
  );
  return sealed;
}

export type OpenStep = RequestStep & { requestId: string; kind: string; requestDueAt: Date };

/** The steps list's order: the request's deadline, then the request, then the dataset. */
export const OPEN_STEPS: Keyset = { list: 'rights-steps', parts: ['time', 'uuid', 'text'] };

/**
 * The steps not done, across open requests, by the request's deadline (`status: 'failed'` for
 * the systems that failed), one keyset page at a time. A role other than the DPO's or the
 * admin's sees only the tasks that are its own.
 */
export async function listOpenSteps(
  d: Ctx,
  f: { role: Role; status?: 'pending' | 'failed' | 'waiting'; dataset?: string } & PageRequest,
): Promise<Page<OpenStep>> {
  const oversee = f.role === 'dpo' || f.role === 'admin';
  const cols = STEP_COLUMNS.split(', ')
    .map((c) => `s.${c}`)
    .join(', ');
  return paged({ sealer: d.sealer }, OPEN_STEPS, f, async (after, limit) => {
    const r = await d.db.query<
      StepRow & { request_id: string; kind: string; req_due: Date; due_key: string }
    >(
      `SELECT ${cols}, s.request_id, q.kind, q.due_at AS req_due, ${exactTime('q.due_at')} AS due_key
         FROM rights_request_steps s JOIN rights_requests q ON q.id = s.request_id
        WHERE s.status <> 'done' AND q.closed_at IS NULL
          AND ($1::text IS NULL OR s.status = $1) AND ($2::text IS NULL OR s.dataset = $2)
          AND ($3::boolean OR s.assignee = $4)
          AND ${afterKey(OPEN_STEPS, ['q.due_at', 's.request_id', 's.dataset'], 'asc', 6)}
        ORDER BY q.due_at, s.request_id, s.dataset
        LIMIT $5`,
      [f.status ?? null, f.dataset ?? null, oversee, f.role, limit, ...keyParams(OPEN_STEPS, after)],
    );
    return r.rows.map((row) => ({
      item: { ...toStep(row), requestId: row.request_id, kind: row.kind, requestDueAt: row.req_due },
      key: [row.due_key, row.request_id, row.dataset],
    }));
  });
}
