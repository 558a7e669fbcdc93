// The only SQL of the audit trail. Appending locks the chain head row, so concurrent writers
// (several app processes) extend the chain one after another, never from the same parent.
import type { Sealer } from '../platform/crypto.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { afterKey, keyParams } from '../platform/db/keyset.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';
import type { AuditAction } from './actions.ts';
import { type AuditEntry, type ChainBreak, chainEntry, findBreak, GENESIS_HASH } from './model.ts';

/**
 * `changeDigest` proves what changed without storing it: `digestOf(change)` for a change with no
 * personal data, `sealer.digest(change)` (keyed) when it holds any, so a guessable value such as
 * an e-mail cannot be confirmed from the trail by hashing candidates.
 */
export type AuditRecord = {
  actor: string;
  action: AuditAction;
  subjectId?: string | null;
  changeDigest: string;
  /** Non-personal ids the action concerns, readable in the trail (AuditEntry.detail). */
  detail?: Record<string, string>;
};

/**
 * Records the audit entry of a change, in the transaction that makes it: it commits or rolls
 * back with the change. It waits for the chainer (chainAudit), not for other writers.
 */
export async function appendAudit(tx: Queryable, record: AuditRecord, now = new Date()): Promise<void> {
  await tx.query(
    'INSERT INTO audit_pending (at, actor, action, subject_id, change_digest, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
    [
      now,
      record.actor,
      record.action,
      record.subjectId ?? null,
      record.changeDigest,
      record.detail ? JSON.stringify(record.detail) : null,
    ],
    { name: 'garde_audit_pending_detail' },
  );
}

/** Records many audit entries in one statement, as appendAudit does one (same transaction rule). */
export async function appendAudits(
  tx: Queryable,
  records: readonly AuditRecord[],
  now = new Date(),
): Promise<void> {
  if (records.length === 0) return;
  await tx.query(
    `INSERT INTO audit_pending (at, actor, action, subject_id, change_digest, detail)
     SELECT $1, u.actor, u.action, u.subject_id, u.change_digest, u.detail::jsonb
       FROM unnest($2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[])
            WITH ORDINALITY AS u (actor, action, subject_id, change_digest, detail, n)
      ORDER BY u.n`,
    [
      now,
      records.map((r) => r.actor),
      records.map((r) => r.action),
      records.map((r) => r.subjectId ?? null),
      records.map((r) => r.changeDigest),
      records.map((r) => (r.detail ? JSON.stringify(r.detail) : null)),
    ],
  );
}

const CHAIN_BATCH = 5000;

/**
 * Links committed pending entries into the hash chain, oldest first, in batches. The head row
 * lock makes one chainer at a time, in any number of processes. Returns how many it chained.
 */
export async function chainAudit(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const head = (
        await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id FOR UPDATE')
      ).rows[0];
      if (!head) throw new Error('audit_head is missing: run migrations');
      const pending = await tx.query<{
        id: number;
        at: Date;
        actor: string;
        action: string;
        subject_id: string | null;
        change_digest: string;
        detail: Record<string, string> | null;
      }>(
        'SELECT id, at, actor, action, subject_id, change_digest, detail FROM audit_pending ORDER BY id LIMIT $1',
        [CHAIN_BATCH],
      );
      if (pending.rows.length === 0) return 0;
      let prev = head;
      const entries: AuditEntry[] = [];
      for (const p of pending.rows) {
        const e = chainEntry(
          {
            actor: p.actor,
            action: p.action,
            subjectId: p.subject_id,
            changeDigest: p.change_digest,
            detail: p.detail,
          },
          prev,
          p.at,
        );
        entries.push(e);
        prev = e;
      }
      await tx.query(
        `INSERT INTO audit_log (seq, at, actor, action, subject_id, change_digest, prev_hash, hash, detail)
         SELECT seq, at, actor, action, subject_id, change_digest, prev_hash, hash, detail::jsonb
         FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[])
           AS u(seq, at, actor, action, subject_id, change_digest, prev_hash, hash, detail)`,
        [
          entries.map((e) => e.seq),
          entries.map((e) => e.at),
          entries.map((e) => e.actor),
          entries.map((e) => e.action),
          entries.map((e) => e.subjectId),
          entries.map((e) => e.changeDigest),
          entries.map((e) => e.prevHash),
          entries.map((e) => e.hash),
          entries.map((e) => (e.detail ? JSON.stringify(e.detail) : null)),
        ],
      );
      await tx.query('DELETE FROM audit_pending WHERE id = ANY($1::bigint[])', [
        pending.rows.map((p) => p.id),
      ]);
      await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id', [prev.seq, prev.hash]);
      return entries.length;
    });
    total += n;
    if (n < CHAIN_BATCH) return total;
  }
}

/** Audits a change that holds personal data: its digest is keyed (see AuditRecord). */
export function auditSubjectChange(
  tx: Queryable,
  sealer: Pick<Sealer, 'digest'>,
  r: { actor: string; action: AuditAction; subjectId: string; change: unknown },
  at: Date,
): Promise<void> {
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
  detail: Record<string, string> | null;
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
  detail: r.detail ?? null,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export type VerifyResult = { ok: true; entries: number } | { ok: false; entries: number; break: ChainBreak };

/** Chains what is pending, then walks the whole chain in pages and checks its end matches the head. */
export async function verifyAudit(
  db: Db,
  onProgress?: (checked: number) => void,
  pageSize = 5000,
): Promise<VerifyResult> {
  await chainAudit(db);
  let prev = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const page = await db.query<AuditRow>(
      `SELECT seq, at, actor, action, subject_id, change_digest, detail, prev_hash, hash
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

/** What the DPO browses the trail by (issue 15); every part optional, all must hold. */
export type AuditFilter = {
  /** The subject id an entry names. */
  subjectId?: string;
  /** The actor exactly as recorded (`key:<id>`, `cli`, `system:<job>`). */
  actor?: string;
  /** The action exactly (`consent.given`), or a family ending in a dot (`consent.`). */
  action?: string;
  /** From this instant, inclusive. */
  from?: Date;
  /** Before this instant, exclusive. */
  to?: Date;
};

export const AUDIT_NEWEST: Keyset = { list: 'audit-newest', parts: ['int'] };

/** The filter as SQL conditions over audit_log, from parameter `$first` on. */
function filterSql(f: AuditFilter, first: number): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(cond(`$${first + params.length - 1}`));
  };
  if (f.subjectId !== undefined) add((p) => `subject_id = ${p}::uuid`, f.subjectId);
  if (f.actor !== undefined) add((p) => `actor = ${p}`, f.actor);
  if (f.action?.endsWith('.'))
    // A family: the range of names that start with it, which the (action, seq) index serves.
    add((p) => `action >= ${p} AND action < ${p} || chr(1114111)`, f.action);
  else if (f.action !== undefined) add((p) => `action = ${p}`, f.action);
  if (f.from !== undefined) add((p) => `at >= ${p}::timestamptz`, f.from);
  if (f.to !== undefined) add((p) => `at < ${p}::timestamptz`, f.to);
  return { where, params };
}

/** Chained entries matching `f`, newest first, after a cursor (keyset on seq). */
export async function selectAudit(
  db: Queryable,
  f: AuditFilter,
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<AuditEntry>[]> {
  const { where, params } = filterSql(f, 3);
  const r = await db.query<AuditRow>(
    `SELECT seq, at, actor, action, subject_id, change_digest, detail, prev_hash, hash FROM audit_log
     WHERE ${[afterKey(AUDIT_NEWEST, ['seq'], 'desc', 2), ...where].join(' AND ')}
     ORDER BY seq DESC LIMIT $1`,
    [limit, ...keyParams(AUDIT_NEWEST, after), ...params],
  );
  return r.rows.map((row) => ({ item: toEntry(row), key: [row.seq] }));
}

/**
 * Every chained entry matching `f`, oldest first, read a page at a time so an export of years
 * of trail never sits in memory.
 */
export async function* eachAudit(db: Queryable, f: AuditFilter, pageSize = 5000): AsyncGenerator<AuditEntry> {
  let after = 0;
  const { where, params } = filterSql(f, 3);
  for (;;) {
    const r = await db.query<AuditRow>(
      `SELECT seq, at, actor, action, subject_id, change_digest, detail, prev_hash, hash FROM audit_log
       WHERE ${['seq > $1', ...where].join(' AND ')} ORDER BY seq LIMIT $2`,
      [after, pageSize, ...params],
    );
    for (const row of r.rows) yield toEntry(row);
    const last = r.rows.at(-1);
    if (!last || r.rows.length < pageSize) return;
    after = last.seq;
  }
}

/** When the entry `seq` was recorded, to say where a chain breaks; null when it is missing. */
export async function auditEntryAt(db: Queryable, seq: number): Promise<Date | null> {
  const r = await db.query<{ at: Date }>('SELECT at FROM audit_log WHERE seq = $1', [seq]);
  return r.rows[0]?.at ?? null;
}
