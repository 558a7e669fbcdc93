// The rows of Garde's browser sessions, one table per kind (the privacy page's `privacy_sessions`,
// migration 041; the console's `console_sessions`, 042), with the same life: a row per session,
// its token stored as sha256 only; an expiry that each use moves to the idle expiry but never past
// its start plus the absolute lifetime (EN-17); ended by sign-out, purged once ended or expired.
// That shared SQL is here. What differs stays with each kind's store, explicit: who a session is
// (its own columns), what else keeps it live (`liveIf`), its audit entries, its CSRF label and the
// principal it becomes. The audit entries are the store's, written in the transaction it passes.
import type { Queryable } from '../db/index.ts';
import { hashToken, newToken, SESSION_TOKEN, type SessionClock } from './session-token.ts';

/**
 * One kind of session's table. `columns` are the kind's own (who the session is), written when it
 * opens and read back by each use and by its end. `liveIf` is a further SQL condition a live
 * session meets, over the table as `s`, with `$2` the time of the use. All are constants of the
 * code, never input: they are checked to be plain identifiers when declared.
 */
export type SessionTable<Own extends Record<string, unknown>> = {
  readonly name: string;
  readonly columns: readonly (keyof Own & string)[];
  readonly liveIf?: string;
};

/** What every session row has besides its kind's own columns. */
export type SessionRow = { id: string; expires_at: Date };

const IDENTIFIER = /^[a-z][a-z_]*$/;

/** Declares a kind's session table; throws at start-up on a name that is not a plain identifier. */
export function sessionTable<Own extends Record<string, unknown>>(
  table: SessionTable<Own>,
): SessionTable<Own> {
  for (const name of [table.name, ...table.columns])
    if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return table;
}

/**
 * Opens a session with its own `values`, expiring at `at.idleExpiry` (never past its start plus
 * `at.lifetime`); returns its plain token, once, with the row's id and expiry.
 */
export async function insertSession<Own extends Record<string, unknown>>(
  tx: Queryable,
  table: SessionTable<Own>,
  values: Own,
  at: SessionClock,
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = newToken();
  const own = table.columns.map((_, i) => `$${i + 5}`).join(', ');
  const r = await tx.query<SessionRow>(
    `INSERT INTO ${table.name} (hash, created_at, expires_at, ${table.columns.join(', ')})
     VALUES ($1, $2, LEAST($3::timestamptz, $2::timestamptz + $4::interval), ${own})
     RETURNING id, expires_at`,
    [hashToken(token), at.now, at.idleExpiry, at.lifetime, ...table.columns.map((c) => values[c])],
  );
  const row = r.rows[0] as SessionRow;
  return { token, id: row.id, expiresAt: new Date(row.expires_at) };
}

/**
 * The live session `token` opened (not ended, not expired, and `liveIf`), with its own columns,
 * or null. The use moves its expiry to `at.idleExpiry`, never past its start plus `at.lifetime`.
 */
export async function useSession<Own extends Record<string, unknown>>(
  db: Queryable,
  table: SessionTable<Own>,
  token: string,
  at: SessionClock,
): Promise<(Own & SessionRow) | null> {
  if (!SESSION_TOKEN.test(token)) return null;
  // Conditional: a session that expired or ended since it was last used stays so.
  const r = await db.query<Own & SessionRow>(
    `UPDATE ${table.name} s SET expires_at = LEAST($3::timestamptz, s.created_at + $4::interval)
     WHERE s.hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2${table.liveIf ? ` AND ${table.liveIf}` : ''}
     RETURNING s.id, s.expires_at, ${table.columns.map((c) => `s.${c}`).join(', ')}`,
    [hashToken(token), at.now, at.idleExpiry, at.lifetime],
  );
  return r.rows[0] ?? null;
}

/** The id of the session `token` opened, if it has not ended (expired or not); null otherwise. */
export async function unendedSessionId<Own extends Record<string, unknown>>(
  db: Queryable,
  table: SessionTable<Own>,
  token: string | undefined,
): Promise<string | null> {
  if (!token || !SESSION_TOKEN.test(token)) return null;
  const r = await db.query<{ id: string }>(
    `SELECT id FROM ${table.name} WHERE hash = $1 AND ended_at IS NULL`,
    [hashToken(token)],
  );
  return r.rows[0]?.id ?? null;
}

/** Ends a session at `now`: its own columns, for the audit entry, or null when it was not live. */
export async function endSessionRow<Own extends Record<string, unknown>>(
  tx: Queryable,
  table: SessionTable<Own>,
  sessionId: string,
  now: Date,
): Promise<Own | null> {
  const r = await tx.query<Own>(
    `UPDATE ${table.name} SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL
     RETURNING ${table.columns.join(', ')}`,
    [sessionId, now],
  );
  return r.rows[0] ?? null;
}

/** Deletes the sessions ended or expired by `now`; returns how many went. */
export async function purgeSessionRows<Own extends Record<string, unknown>>(
  db: Queryable,
  table: SessionTable<Own>,
  now: Date,
): Promise<number> {
  const r = await db.query(`DELETE FROM ${table.name} WHERE expires_at <= $1 OR ended_at IS NOT NULL`, [now]);
  return r.rowCount ?? 0;
}
