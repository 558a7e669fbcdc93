// The background side of a request's steps (issue 16): a system that was down is tried again, on
// a growing delay (1, 2, 4 ... minutes, at most about 4 hours apart), and a system that completes later
// (http) is asked how its job stands, so a request finishes without anyone pressing "fulfil" again.
// Garde's own part is not run here: it waits for an operator, who confirms what it ends.
import type { Deps } from '../platform/deps.ts';
import { GARDE_DATASET } from '../policy/schema.ts';
import { completeIfDone } from './fulfil.ts';
import { runConnectorSteps, type StepRunner, selectSteps } from './steps.ts';
import { selectRequest } from './store.ts';

/** 2^8 minutes: at most about four hours between two tries of a system that keeps failing. */
const MAX_DOUBLINGS = 8;

/** Runs the steps that are due; returns how many requests it visited and how many it completed. */
export async function resumeSteps(
  d: Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>,
  runner: StepRunner = {},
  limit = 50,
): Promise<{ requests: number; completed: number }> {
  const now = d.now();
  const due = await d.db.query<{ request_id: string }>(
    `SELECT q.id AS request_id
       FROM rights_requests q
      WHERE q.status = 'verified'
        AND EXISTS (SELECT 1 FROM rights_request_steps a WHERE a.request_id = q.id)
        AND (
          EXISTS (
            SELECT 1 FROM rights_request_steps s
             WHERE s.request_id = q.id AND s.dataset <> $1 AND s.assignee IS NULL
               AND (s.running_until IS NULL OR s.running_until <= $2)
               AND ((s.status = 'failed'
                     AND s.updated_at + make_interval(mins => power(2, LEAST(GREATEST(s.attempts - 1, 0), $3::int))::int) <= $2)
                    OR s.status = 'waiting'
                    -- A step made but never run (its run died before claiming it).
                    OR (s.status = 'pending' AND s.updated_at <= $2 - interval '2 minutes')))
          -- Every step done, the request not completed (its last step settled while Garde's own
          -- part was still committing, or the process stopped in between).
          OR NOT EXISTS (SELECT 1 FROM rights_request_steps o WHERE o.request_id = q.id AND o.status <> 'done'))
      ORDER BY q.due_at
      LIMIT $4`,
    [GARDE_DATASET, now, MAX_DOUBLINGS, limit],
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
