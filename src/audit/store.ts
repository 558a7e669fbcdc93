// The only SQL of the audit trail. Appending locks the chain head row, so concurrent writers
// (several app processes) extend the chain one after another, never from the same parent.
import type { Sealer } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import { type AuditEntry, type ChainBreak, chainEntry, findBreak, GENESIS_HASH } from './model.ts';

/**
 * `changeDigest` proves what changed without storing it: `digestOf(change)` for a change with no
 * personal data, `sealer.digest(change)` (keyed) when it holds any, so a guessable value such as
 * an e-mail cannot be confirmed from the trail by hashing candidates.
 */
export type AuditRecord = { actor: string; action: string; subjectId?: string | null; changeDigest: string };

/** Call last in the transaction that makes the change: the head lock is then held briefly. */
export async function appendAudit(tx: Queryable, record: AuditRecord, now = new Date()): Promise<AuditEntry> {
  const head = await tx.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id FOR UPDATE',
  );
  const prev = head.rows[0];
  if (!prev) throw new Error('audit_head is missing: run migrations');
  const entry = chainEntry(
    {
      actor: record.actor,
      action: record.action,
      subjectId: record.subjectId ?? null,
      changeDigest: record.changeDigest,
    },
    prev,
    now,
  );
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor, action, subject_id, change_digest, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.seq,
      entry.at,
      entry.actor,
      entry.action,
      entry.subjectId,
      entry.changeDigest,
      entry.prevHash,
      entry.hash,
    ],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id', [entry.seq, entry.hash]);
  return entry;
}

/** Audits a change that holds personal data: its digest is keyed (see AuditRecord). */
export function auditSubjectChange(
  tx: Queryable,
  sealer: Pick<Sealer, 'digest'>,
  r: { actor: string; action: string; subjectId: string; change: unknown },
  at: Date,
): Promise<AuditEntry> {
  return appendAudit(
    tx,
    { actor: r.actor, action: r.action, subjectId: r.subjectId, changeDigest: sealer.digest(r.change) },
    at,
  );
}

type AuditRow = {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject_id: string | null;
  change_digest: string;
  prev_hash: string;
  hash: string;
};

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  subjectId: r.subject_id,
  changeDigest: r.change_digest,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export type VerifyResult = { ok: true; entries: number } | { ok: false; entries: number; break: ChainBreak };

/** Walks the whole chain in pages and checks that its end matches the head row. */
export async function verifyAudit(
  db: Queryable,
  onProgress?: (checked: number) => void,
  pageSize = 5000,
): Promise<VerifyResult> {
  let prev = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const page = await db.query<AuditRow>(
      `SELECT seq, at, actor, action, subject_id, change_digest, prev_hash, hash
       FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [prev.seq, pageSize],
    );
    const entries = page.rows.map(toEntry);
    const broken = findBreak(entries, prev);
    // Entries are contiguous from 1 up to the break, so all before it are intact.
    if (broken) return { ok: false, entries: broken.seq - 1, break: broken };
    checked += entries.length;
    onProgress?.(checked);
    const last = entries.at(-1);
    if (!last) break;
    prev = { seq: last.seq, hash: last.hash };
  }
  const head = (await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id'))
    .rows[0];
  // Entries removed from the end leave the head pointing past the chain.
  if (head && (head.seq !== prev.seq || head.hash !== prev.hash)) {
    return { ok: false, entries: checked, break: { seq: prev.seq + 1, reason: 'gap' } };
  }
  return { ok: true, entries: checked };
}
