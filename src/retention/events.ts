// Events that start a retention clock, as the policy names them (retentionEvents: an account
// closed, a membership cancelled, the last login, the end of a dispute), reported by the
// controller's systems. One per person and event, the latest; withdrawn when undone (an account
// reopened), which stops the clock. The retention engine reads them (plan.ts), and erasure weighs
// an obligation that counts from one (erasure.ts). Both changes are audited.
import { appendAudit } from '../audit/store.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { getSubject } from '../subjects/subjects.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'now' | 'sealer'>;

/** One event of a person: `occurredAt` is an ISO 8601 instant (UTC). */
export type RetentionEventView = { event: string; occurredAt: string };

function known(d: Ctx, event: string, occurredAt?: Date): void {
  const allowed = (d.policy.retentionEvents ?? []).map((e) => e.id);
  if (!allowed.includes(event)) {
    const message = `unknown retention event "${event}": this policy's are ${allowed.join(', ')}`;
    throw new GardeError('RETENTION_EVENT_UNKNOWN', message, {
      errors: [{ in: 'path', path: '/event', message }],
      allowed,
    });
  }
  if (occurredAt && occurredAt.getTime() > d.now().getTime())
    throw new GardeError(
      'RETENTION_EVENT_UNKNOWN',
      'occurredAt is in the future: report an event once it happened',
      {
        errors: [{ in: 'body', path: '/occurredAt', message: 'in the future' }],
      },
    );
}

/**
 * Records that `event` happened to the person at `occurredAt` (replacing an earlier report of the
 * same event). Errors: RETENTION_EVENT_UNKNOWN (422), SUBJECT_NOT_FOUND (404).
 */
export async function reportRetentionEvent(
  d: Ctx,
  subjectId: string,
  event: string,
  occurredAt: Date,
  actor: string,
): Promise<RetentionEventView> {
  known(d, event, occurredAt);
  const now = d.now();
  return d.db.transaction(async (tx) => {
    // One statement finds the person and writes: one erased meanwhile is not found, never a
    // foreign-key failure.
    const r = await tx.query(
      `INSERT INTO retention_events (subject_id, event, occurred_at, recorded_at, actor)
       SELECT id, $2, $3, $4, $5 FROM subjects WHERE id = $1
       ON CONFLICT (subject_id, event) DO UPDATE SET occurred_at = EXCLUDED.occurred_at, recorded_at = EXCLUDED.recorded_at, actor = EXCLUDED.actor`,
      [subjectId, event, occurredAt, now, actor],
    );
    if (r.rowCount === 0) throw new GardeError('SUBJECT_NOT_FOUND');
    const view = { event, occurredAt: occurredAt.toISOString() };
    await appendAudit(
      tx,
      { actor, action: 'retention-event.report', subjectId, changeDigest: digestOf(view) },
      now,
    );
    return view;
  });
}

/** Withdraws a report (the event was undone). Errors: RETENTION_EVENT_UNKNOWN, RETENTION_EVENT_NOT_FOUND. */
export async function withdrawRetentionEvent(
  d: Ctx,
  subjectId: string,
  event: string,
  actor: string,
): Promise<void> {
  known(d, event);
  const now = d.now();
  await d.db.transaction(async (tx) => {
    const r = await tx.query('DELETE FROM retention_events WHERE subject_id = $1 AND event = $2', [
      subjectId,
      event,
    ]);
    if (r.rowCount === 0) throw new GardeError('RETENTION_EVENT_NOT_FOUND');
    await appendAudit(
      tx,
      { actor, action: 'retention-event.withdraw', subjectId, changeDigest: digestOf({ event }) },
      now,
    );
  });
}

/** The person's events, by id. SUBJECT_NOT_FOUND (404) for nobody. */
export async function listRetentionEvents(d: Ctx, subjectId: string): Promise<RetentionEventView[]> {
  await getSubject(d, subjectId);
  return Object.entries(await retentionEventsOf(d.db, subjectId)).map(([event, occurredAt]) => ({
    event,
    occurredAt,
  }));
}

/** Event id -> when it happened (ISO 8601), for erasure's obligations. */
export async function retentionEventsOf(db: Queryable, subjectId: string): Promise<Record<string, string>> {
  const r = await db.query<{ event: string; occurred_at: Date }>(
    'SELECT event, occurred_at FROM retention_events WHERE subject_id = $1 ORDER BY event',
    [subjectId],
  );
  return Object.fromEntries(r.rows.map((x) => [x.event, new Date(x.occurred_at).toISOString()]));
}
