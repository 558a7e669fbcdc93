import { appendAudit } from '../audit/store.ts';
import { digestOf, type Sealer } from '../platform/crypto.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import {
  type Keyed,
  type Keyset,
  type KeyValue,
  type Page,
  type PageRequest,
  paged,
} from '../platform/pagination.ts';
import { generateKey, keyMatches, type Principal, parseKey, type Role } from './model.ts';

export type KeyInfo = {
  id: string;
  prefix: string;
  role: Role;
  subjectId: string | null;
  scopes: string[];
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
};

type KeyRow = {
  id: string;
  prefix: string;
  hash: Buffer | Uint8Array;
  role: Role;
  subject_id: string | null;
  scopes: string[];
  name: string;
  created_at: Date;
  revoked_at: Date | null;
};

const toInfo = (r: KeyRow): KeyInfo => ({
  id: r.id,
  prefix: r.prefix,
  role: r.role,
  subjectId: r.subject_id,
  scopes: r.scopes,
  name: r.name,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export type CreateKeyInput = {
  role: Role;
  subjectId?: string | null;
  scopes?: string[];
  name?: string;
  expiresAt?: Date;
  /** A session's start by the app's clock, which its absolute lifetime counts from. */
  createdAt?: Date;
};

/** Returns the plain key once; it is never stored or shown again. */
export async function createKey(
  db: Db,
  input: CreateKeyInput,
  actor: string,
): Promise<{ key: string; info: KeyInfo }> {
  const k = generateKey();
  return db.transaction(async (tx) => {
    const r = await tx.query<KeyRow>(
      `INSERT INTO api_keys (prefix, hash, role, subject_id, scopes, name, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::timestamptz, now()))
       RETURNING id, prefix, hash, role, subject_id, scopes, name, created_at, revoked_at`,
      [
        k.prefix,
        k.hash,
        input.role,
        input.subjectId ?? null,
        input.scopes ?? [],
        input.name ?? '',
        input.expiresAt ?? null,
        input.createdAt ?? null,
      ],
    );
    const info = toInfo(r.rows[0] as KeyRow);
    await appendAudit(tx, {
      actor,
      action: 'key.create',
      subjectId: info.subjectId,
      changeDigest: digestOf({ id: info.id, role: info.role, scopes: info.scopes }),
    });
    return { key: k.plain, info };
  });
}

/**
 * The key's principal, or null. A session key (one that expires) lives while it is used: one
 * idle past its expiry is refused, and each use moves its expiry to `at.idleExpiry`, never past
 * its start plus `at.lifetime` (EN-17: src/keys/sessions.ts, from the policy). `at.now` is the
 * clock the expiry is judged by.
 */
export async function authenticate(
  db: Queryable,
  plain: string,
  at: { now: Date; idleExpiry: Date; lifetime: string },
): Promise<Principal | null> {
  const parsed = parseKey(plain);
  if (!parsed) return null;
  const r = await db.query<KeyRow & { session: boolean }>(
    `SELECT id, prefix, hash, role, subject_id, scopes, name, created_at, revoked_at, expires_at IS NOT NULL AS session
     FROM api_keys WHERE prefix = $1 AND (expires_at IS NULL OR expires_at > $2)`,
    [parsed.prefix, at.now],
  );
  const row = r.rows[0];
  if (!row || row.revoked_at || !keyMatches(plain, Buffer.from(row.hash))) return null;
  if (row.session) {
    // Conditional: a session that expired since the read stays expired.
    const kept = await db.query(
      'UPDATE api_keys SET expires_at = LEAST($3::timestamptz, created_at + $4::interval) WHERE id = $1 AND expires_at > $2',
      [row.id, at.now, at.idleExpiry, at.lifetime],
    );
    if (kept.rowCount === 0) return null;
  }
  return {
    keyId: row.id,
    role: row.role,
    subjectId: row.subject_id,
    scopes: row.scopes,
    session: row.session,
  };
}

export const KEYS: Keyset = { list: 'keys', parts: ['time', 'uuid'] };

export async function selectKeys(
  db: Queryable,
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<KeyInfo>[]> {
  const r = await db.query<KeyRow & { at: string }>(
    `SELECT id, prefix, hash, role, subject_id, scopes, name, created_at, revoked_at, ${exactTime('created_at')} AS at
     FROM api_keys WHERE ${afterKey(KEYS, ['created_at', 'id'], 'asc', 2)} ORDER BY created_at, id LIMIT $1`,
    [limit, ...keyParams(KEYS, after)],
  );
  return r.rows.map((x) => ({ item: toInfo(x), key: [x.at, x.id] }));
}

export function listKeys(d: { db: Queryable; sealer: Sealer }, req: PageRequest): Promise<Page<KeyInfo>> {
  return paged({ sealer: d.sealer }, KEYS, req, (after, limit) => selectKeys(d.db, after, limit));
}

/** Returns false when no live key has that id. */
export async function revokeKey(db: Db, id: string, actor: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const r = await tx.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
      id,
    ]);
    if (r.rowCount === 0) return false;
    await appendAudit(tx, { actor, action: 'key.revoke', changeDigest: digestOf({ id }) });
    return true;
  });
}

/**
 * Revokes every live key named one of `names`, except the ids in `keep`, with one audit entry
 * per key. Returns the ids revoked.
 */
export async function revokeKeysNamed(
  db: Db,
  names: readonly string[],
  keep: readonly string[],
  actor: string,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ id: string }>(
      `UPDATE api_keys SET revoked_at = now()
       WHERE revoked_at IS NULL AND name = ANY($1::text[]) AND NOT (id = ANY($2::uuid[]))
       RETURNING id`,
      [names, keep],
    );
    for (const { id } of r.rows) {
      await appendAudit(tx, { actor, action: 'key.revoke', changeDigest: digestOf({ id }) });
    }
    return r.rows.map((x) => x.id);
  });
}

/** What a key is called where a person reads it: its name, else `key <prefix>`. */
export async function keyLabel(db: Queryable, id: string): Promise<string> {
  const r = await db.query<{ name: string; prefix: string }>(
    'SELECT name, prefix FROM api_keys WHERE id = $1',
    [id],
  );
  const row = r.rows[0];
  return row?.name || `key ${row?.prefix ?? id}`;
}
