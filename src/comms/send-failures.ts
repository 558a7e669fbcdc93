// BK-7, the send job's failures: a queued campaign whose send fails must not hold the queue. A
// failure that is the campaign's own (a GardeError below 500: the policy in force no longer
// allows it, declares its channel or purpose no more) will fail every time: the campaign goes
// back to draft at once, the problem's code and message on it. Any other failure (the database
// or the disk) may pass: the campaign waits a while, longer each time, while the job sends the
// others, and after MAX_SEND_ATTEMPTS it goes back to draft too (CAMPAIGN_SEND_FAILED). Chunks
// sent before the failure stay sent: queued again, the send goes on after them.
import { appendAudit } from '../audit/store.ts';
import { explain, REASONS, type ReasonCode } from '../decide/reasons.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Deps } from '../platform/deps.ts';
import { ERRORS, GardeError } from '../platform/errors.ts';

/**
 * Why the job last put a campaign back to draft: a problem code of docs/problems.md, its message
 * in English (the API's documentation language: the job answers no request, so no reader's
 * language; a console words `reasons` itself, from GET /v1/policy `reasons`), the decision
 * point's reason codes when the policy refused the campaign (e.g. `sender.not-allowed`; empty
 * otherwise), and when.
 */
export type SendFailure = { code: string; message: string; reasons: string[]; at: Date };

/** Tries of a send that fail for a reason outside the campaign, before it goes back to draft. */
export const MAX_SEND_ATTEMPTS = 5;
/** The wait after the first such failure; it doubles after each (30 s, 1 min, 2 min, 4 min). */
export const RETRY_AFTER_MS = 30_000;

/**
 * How long a send holds its campaign between two chunks: while `sending`, `retry_at` is the
 * sender's lease, moved on at each chunk, so the job resumes only a send whose process stopped
 * (the lease ran out), never one still running in a request or another process.
 */
export const SEND_LEASE_MS = 120_000;

/** SQL: the campaign is not waiting out a retry, nor held by a running send, at $1 (now). */
export const DUE = '(retry_at IS NULL OR retry_at <= $1)';

/** The job's name in the audit trail: it acts on its own when it puts a campaign back. */
const JOB = 'system:campaign-sends';

/** A failure that is the campaign's own: trying again would fail again. */
function isPermanent(err: unknown): err is GardeError {
  return err instanceof GardeError && err.status < 500;
}

/**
 * Records a failed send of the claimed campaign `id` (status `sending`): back to draft with the
 * reason, or queued again to be tried after a wait. Returns what it did. Never holds the error's
 * text when it is not a GardeError's: a driver's message may quote a value of a row.
 */
export async function setBack(
  d: Pick<Deps, 'db' | 'now'>,
  id: string,
  err: unknown,
): Promise<'draft' | 'retry'> {
  const now = d.now();
  if (isPermanent(err)) {
    const reasons = reasonCodes(err);
    // The problem's message is in the policy's language: the job words it in English again.
    const message =
      reasons.length > 0 ? reasons.map((r) => explain(r as ReasonCode)).join('; ') : err.message;
    await toDraft(d, id, { code: err.code, message, reasons, at: now });
    return 'draft';
  }
  const r = await d.db.query<{ attempts: number }>(
    `UPDATE campaigns SET status = 'queued', send_attempts = send_attempts + 1,
       retry_at = $2::timestamptz + make_interval(secs => $3::double precision * power(2, send_attempts))
     WHERE id = $1 AND status = 'sending' AND send_attempts + 1 < $4
     RETURNING send_attempts AS attempts`,
    [id, now, RETRY_AFTER_MS / 1000, MAX_SEND_ATTEMPTS],
  );
  if (r.rows.length > 0) return 'retry';
  const code = 'CAMPAIGN_SEND_FAILED';
  await toDraft(d, id, { code, message: ERRORS[code].title, reasons: [], at: now });
  return 'draft';
}

/** The decision point's reason codes a refusal carries (`reasons: [{code, text}]`), or none. */
function reasonCodes(err: GardeError): string[] {
  const listed = err.extra?.reasons;
  if (!Array.isArray(listed)) return [];
  return listed.flatMap((r) =>
    r &&
    typeof r === 'object' &&
    typeof (r as { code?: unknown }).code === 'string' &&
    (r as { code: string }).code in REASONS
      ? [(r as { code: string }).code]
      : [],
  );
}

async function toDraft(d: Pick<Deps, 'db'>, id: string, failure: SendFailure): Promise<void> {
  await d.db.transaction(async (tx) => {
    const r = await tx.query(
      `UPDATE campaigns SET status = 'draft', queued_at = NULL, retry_at = NULL, send_attempts = 0, send_failure = $2
       WHERE id = $1 AND status IN ('sending', 'queued')`,
      [id, JSON.stringify({ ...failure, at: failure.at.toISOString() })],
    );
    if (r.rowCount === 0) return;
    await appendAudit(
      tx,
      { actor: JOB, action: 'campaign.send-failed', changeDigest: digestOf({ id, code: failure.code }) },
      failure.at,
    );
  });
}
