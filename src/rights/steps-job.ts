// The background side of a request's steps (issue 16): a system that was down is tried again, on
// a growing delay (1, 2, 4 ... minutes, at most 6 hours apart), and a system that completes later
// (http) is asked how its job stands, so a request finishes without anyone pressing "fulfil" again.
// Garde's own part is not run here: it waits for an operator, who confirms what it ends.
import type { Deps } from '../platform/deps.ts';
import { GARDE_DATASET } from '../policy/schema.ts';
import { completeIfDone } from './fulfil.ts';
import { runConnectorSteps, type StepRunner, selectSteps } from './steps.ts';
import { selectRequest } from './store.ts';

const MAX_DELAY_MINUTES = 360;

/** Minutes to wait after the n-th failed attempt before the next. */
export const retryDelayMinutes = (attempts: number): number =>
  Math.min(MAX_DELAY_MINUTES, 2 ** Math.max(0, attempts - 1));

/** Runs the steps that are due; returns how many requests it visited and how many it completed. */
export async function resumeSteps(
  d: Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>,
  runner: StepRunner = {},
  limit = 50,
): Promise<{ requests: number; completed: number }> {
  const now = d.now();
  const due = await d.db.query<{ request_id: string }>(
    `SELECT DISTINCT s.request_id
       FROM rights_request_steps s JOIN rights_requests q ON q.id = s.request_id
      WHERE q.status = 'verified' AND s.dataset <> $1 AND s.assignee IS NULL
        AND (s.running_until IS NULL OR s.running_until <= $2)
        AND (s.status = 'waiting'
             OR (s.status = 'failed'
                 AND s.updated_at + make_interval(mins => LEAST($3::int, power(2, GREATEST(s.attempts - 1, 0))::int)) <= $2)
             -- A step made but never run (its run died before claiming it).
             OR (s.status = 'pending' AND s.updated_at <= $2 - interval '2 minutes'))
      LIMIT $4`,
    [GARDE_DATASET, now, MAX_DELAY_MINUTES, limit],
  );
  let completed = 0;
  for (const { request_id: id } of due.rows) {
    await runConnectorSteps(d, id, 'system:rights-steps', runner);
    const steps = await selectSteps(d.db, id);
    if (steps[0]?.status !== 'done') continue;
    const done = await d.db.transaction(async (tx) => {
      const r = await selectRequest(tx, id, true);
      return r?.status === 'verified' ? completeIfDone(tx, d, r, 'system:rights-steps') : false;
    });
    if (done) completed++;
  }
  return { requests: due.rows.length, completed };
}
