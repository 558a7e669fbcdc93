// BK-7: a campaign's send as a job. The marketer queues it; the job sends queued campaigns one
// at a time, highest priority first (then first queued), so when several compete for a person's
// slot in the cap's window the declared priority decides and, at equal priority, the first
// processed wins. The cap itself is still the send's conditional reservation (campaigns.ts). A
// send proceeds a chunk of subjects at a time, its progress on the campaign's row; a send cut
// short (the process died) stays `sending` and the next run resumes it before the queue's head.
// A send that fails never holds the queue: the campaign goes back to draft with the reason, or
// waits to be tried again while the others go (send-failures.ts).
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import {
  checkCampaign,
  getCampaign,
  previewCampaign,
  type SendOptions,
  sendNextQueued,
} from './campaigns.ts';
import { DUE } from './send-failures.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now' | 'config'>;

/**
 * Queues a draft for the send job, noting who queued it (the send is audited under them) and
 * how many people its audience holds now (the progress' total); the reason a send last failed
 * goes (a draft the job put back after some chunks keeps their progress and goes on after them).
 * 422 CAMPAIGN_INVALID when the policy in force no longer allows it; 409 CAMPAIGN_SENT when it
 * is not a draft any more; 404 CAMPAIGN_NOT_FOUND.
 */
export async function queueCampaign(d: Ctx, id: string, actor: string) {
  const c = await getCampaign(d, id);
  if (c.status === 'draft') checkCampaign(d, c);
  const total = (await previewCampaign(d, id)).audience;
  const r = await d.db.query(
    `UPDATE campaigns SET status = 'queued', queued_at = $2, queued_by = $3, total = $4,
       processed = CASE WHEN sent_through IS NULL THEN 0 ELSE processed END,
       send_failure = NULL, send_attempts = 0, retry_at = NULL
     WHERE id = $1 AND status = 'draft'`,
    [id, d.now(), actor, total],
  );
  if (r.rowCount === 0) throw new GardeError('CAMPAIGN_SENT');
  return getCampaign(d, id);
}

/**
 * Resumes sends cut short, then sends every queued campaign that is due, in priority order;
 * returns how many were sent. One that fails is set back (send-failures.ts) and the run goes
 * on: it ends, as each failure takes its campaign out of this run (to draft, or to a later try).
 */
export async function sendQueued(d: Ctx, opts: SendOptions = {}): Promise<number> {
  let n = 0;
  // A look at the queue's index first: the job runs every second, mostly on an empty queue.
  while (await waiting(d)) {
    const next = await sendNextQueued(d, opts);
    if (next === null) break;
    if (next.sent) n++;
  }
  return n;
}

async function waiting(d: Ctx): Promise<boolean> {
  const r = await d.db.query(
    `SELECT 1 FROM campaigns WHERE status IN ('queued', 'sending') AND ${DUE} LIMIT 1`,
    [d.now()],
  );
  return r.rows.length > 0;
}

const draining = new WeakMap<object, Promise<number>>();

/**
 * Runs the send job now in this process, once at a time per database (the server also runs it
 * every second, src/server.ts). A send that fails is set back and the run goes on (sendQueued).
 */
export function drainQueue(d: Ctx, opts: SendOptions = {}): Promise<number> {
  const running = draining.get(d.db);
  if (running) return running.then(() => drainQueue(d, opts));
  const run = sendQueued(d, opts).finally(() => draining.delete(d.db));
  draining.set(d.db, run);
  return run;
}
