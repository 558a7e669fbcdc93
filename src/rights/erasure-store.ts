// Carries out an erasure plan in one transaction: nothing half-erased. The only code, with the
// retention engine, that may change the append-only ledgers (SET LOCAL garde.erasure).
import { appendAudit } from '../audit/store.ts';
import { lockGate, recordRestriction } from '../consent/store.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { ErasurePlan } from './erasure.ts';

export const ERASURE_RESTRICTION = 'erasure: kept under a legal obligation or hold';

/**
 * Whether the person was erased, their row kept only for what the law obliges (restricted with
 * ERASURE_RESTRICTION): to the privacy page, as if they did not exist.
 */
export async function erasedButKept(db: Queryable, subjectId: string): Promise<boolean> {
  const r = await db.query(
    "SELECT 1 FROM restrictions WHERE subject_id = $1 AND purpose = '' AND reason = $2",
    [subjectId, ERASURE_RESTRICTION],
  );
  return r.rows.length > 0;
}

/** The gate consent changes take: an erasure takes it before the person's row (see fulfil.ts). */
export function lockGateForErasure(tx: Queryable): Promise<void> {
  return lockGate(tx);
}

export async function executeErasure(
  tx: Queryable,
  e: { subjectId: string; pseudonym: string; requestId: string; plan: ErasurePlan; actor: string; now: Date },
): Promise<void> {
  await lockGate(tx);
  await tx.query("SELECT set_config('garde.erasure', 'on', true)");
  const id = e.subjectId;
  if (e.plan.endsContract) {
    const today = e.now.toISOString().slice(0, 10);
    await tx.query(
      `UPDATE subjects SET lifecycle = 'former', contract_ended_on = $2, updated_at = $3, version = version + 1 WHERE id = $1`,
      [id, today, e.now],
    );
    await tx.query('UPDATE contracts SET ended_on = $2 WHERE subject_id = $1 AND ended_on IS NULL', [
      id,
      today,
    ]);
  }
  for (const table of e.plan.stores.deleted)
    await tx.query(`DELETE FROM ${table} WHERE subject_id = $1`, [id]);
  for (const table of e.plan.stores.pseudonymised) {
    const extra = table === 'consent_events' ? ', user_agent = NULL, ip_prefix = NULL' : '';
    await tx.query(`UPDATE ${table} SET subject_id = $2${extra} WHERE subject_id = $1`, [id, e.pseudonym]);
  }
  // Keys, privacy-page links and sessions, and replayable answers could still reach or show the subject.
  await tx.query("DELETE FROM api_keys WHERE subject_id = $1 AND role = 'customer'", [id]);
  await tx.query('DELETE FROM privacy_links WHERE subject_id = $1', [id]);
  await tx.query('DELETE FROM privacy_sessions WHERE subject_id = $1', [id]);
  await tx.query('DELETE FROM idempotency_keys WHERE strpos(body::text, $1) > 0', [id]);
  await tx.query(
    'UPDATE rights_request_events SET note = NULL WHERE request_id IN (SELECT id FROM rights_requests WHERE subject_id = $1)',
    [id],
  );
  if (e.plan.deleteSubject) {
    // The person's other open requests can no longer be answered: nothing is left to show, send
    // or change. They are closed here, saying by which erasure, so none stays open past its
    // deadline for a person who no longer exists.
    // Their steps forget the person's keys: nothing is left to do for them anywhere.
    await tx.query(
      `UPDATE rights_request_steps SET person_enc = NULL
        WHERE request_id IN (SELECT id FROM rights_requests WHERE subject_id = $1 AND id <> $2 AND closed_at IS NULL)`,
      [id, e.requestId],
    );
    await tx.query(
      `WITH closed AS (
         UPDATE rights_requests
            SET status = 'completed', closed_at = $3, version = version + 1,
                outcome = jsonb_build_object('closedByErasure', $2::text)
          WHERE subject_id = $1 AND id <> $2 AND closed_at IS NULL
         RETURNING id)
       INSERT INTO rights_request_events (request_id, status, note, actor, at)
       SELECT id, 'completed', 'closed by erasure ' || $2::text, $4, $3 FROM closed`,
      [id, e.requestId, e.now, e.actor],
    );
    await tx.query('DELETE FROM subjects WHERE id = $1', [id]);
  } else {
    // What stays is restricted: stored, not used (Art. 18(2)).
    await tx.query('DELETE FROM restrictions WHERE subject_id = $1', [id]);
    await recordRestriction(tx, {
      subjectId: id,
      purpose: '',
      reason: ERASURE_RESTRICTION,
      impose: true,
      actor: e.actor,
      source: 'api',
      recordedAt: e.now,
    });
  }
  for (const n of e.plan.notify) {
    await tx.query(
      'INSERT INTO erasure_notices (request_id, recipient, subject_id, categories, created_at) VALUES ($1, $2, $3, $4, $5)',
      [e.requestId, n.recipient, id, n.categories, e.now],
    );
  }
  await appendAudit(
    tx,
    {
      actor: e.actor,
      action: 'erasure.execute',
      subjectId: e.plan.deleteSubject ? null : id,
      changeDigest: digestOf({ request: e.requestId, kept: e.plan.kept, erased: e.plan.erased }),
    },
    e.now,
  );
}
