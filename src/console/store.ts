// The back office's sessions (issue 15, EN-17): a member of staff signs in at /console/ and the
// browser gets a cookie session that acts as their role on the routes of that role, judged by the
// policy's idle and absolute session timeouts (src/keys/sessions.ts) like every session Garde
// opens. Tokens are 256 random bits; only their sha256 is stored, and none is ever logged.
// Every session names the person who opened it (`actor`): the audit trail shows who did what,
// never an anonymous session.
import { appendAudit } from '../audit/store.ts';
import type { Principal, StaffRole } from '../keys/model.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import {
  endSessionRow,
  insertSession,
  purgeSessionRows,
  sessionTable,
  unendedSessionId,
  useSession,
} from '../platform/http/session-store.ts';
import { csrfTokenOf, hashToken, type SessionClock } from '../platform/http/session-token.ts';

/** The cookie that carries a console session. */
export const CONSOLE_COOKIE = 'garde_console';

/** Kept apart from the privacy page's: one kind of session's CSRF token is never another's. */
const CSRF_LABEL = 'garde console csrf';

/**
 * Migration 042. A console session is a member of staff; one opened with a key lives only while
 * the key does (not revoked, not expired): revoking the key ends the session with it.
 */
const CONSOLE_SESSIONS = sessionTable<{
  role: StaffRole;
  actor: string;
  display_name: string;
  key_id: string | null;
}>({
  name: 'console_sessions',
  columns: ['role', 'actor', 'display_name', 'key_id'],
  liveIf: `(s.key_id IS NULL OR EXISTS (SELECT 1 FROM api_keys k WHERE k.id = s.key_id AND k.revoked_at IS NULL
                                         AND (k.expires_at IS NULL OR k.expires_at > $2)))`,
});

/**
 * Who signs in: their role, the audit actor that names them (`key:<id>` for a key,
 * `oidc:<issuer>#<sub>` for OpenID Connect), a name to greet them by, and the key they used
 * (revoking it ends the session), if any.
 */
export type StaffMember = { role: StaffRole; actor: string; displayName: string; keyId: string | null };

export type OpenedSession = { token: string; sessionId: string; csrfToken: string; expiresAt: Date };

/** Opens a session for `who` and audits it under their name; returns its plain token once. */
export async function openConsoleSession(db: Db, who: StaffMember, at: SessionClock): Promise<OpenedSession> {
  return db.transaction(async (tx) => {
    const opened = await insertSession(
      tx,
      CONSOLE_SESSIONS,
      { role: who.role, actor: who.actor, display_name: who.displayName, key_id: who.keyId },
      at,
    );
    await appendAudit(tx, {
      actor: who.actor,
      action: 'console-session.start',
      changeDigest: digestOf({ sessionId: opened.id, role: who.role }),
    });
    return {
      token: opened.token,
      sessionId: opened.id,
      csrfToken: csrfTokenOf(opened.token, CSRF_LABEL),
      expiresAt: opened.expiresAt,
    };
  });
}

/**
 * The principal of a live session, acting as its role, or null (unknown, ended, idle past its
 * expiry, past its absolute lifetime, or opened with a key since revoked). Each use moves its
 * expiry to `at.idleExpiry`, never past its start plus `at.lifetime` (EN-17).
 */
export async function authenticateConsoleSession(
  db: Queryable,
  token: string,
  at: SessionClock,
): Promise<Principal | null> {
  const row = await useSession(db, CONSOLE_SESSIONS, token, at);
  if (!row) return null;
  const session = {
    sessionId: row.id,
    csrfToken: csrfTokenOf(token, CSRF_LABEL),
    expiresAt: new Date(row.expires_at),
  };
  return {
    // The per-key rate limit counts a key's session with the key itself.
    keyId: row.key_id ?? row.id,
    role: row.role,
    subjectId: null,
    scopes: [],
    session: true,
    staff: { ...session, actor: row.actor, displayName: row.display_name },
  };
}

/**
 * Ends the session a cookie's token opened, if it is live: signing in again in the same browser
 * ends the session it carried, so no orphan session of another person or role stays usable.
 */
export async function endConsoleSessionOf(db: Db, token: string | undefined, now: Date): Promise<void> {
  const id = await unendedSessionId(db, CONSOLE_SESSIONS, token);
  if (id) await endConsoleSession(db, id, now);
}

/** Ends a session (sign-out), audited under the person's name; false when it was not live. */
export async function endConsoleSession(db: Db, sessionId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ended = await endSessionRow(tx, CONSOLE_SESSIONS, sessionId, now);
    if (!ended) return false;
    await appendAudit(tx, {
      actor: ended.actor,
      action: 'console-session.end',
      changeDigest: digestOf({ sessionId }),
    });
    return true;
  });
}

/**
 * Deletes sessions ended or expired, and sign-ins never finished. Runs every few minutes
 * (src/server.ts); returns how many rows went.
 */
export async function purgeConsoleSessions(
  db: Queryable,
  now: Date,
): Promise<{ consoleSessions: number; signIns: number }> {
  const consoleSessions = await purgeSessionRows(db, CONSOLE_SESSIONS, now);
  const s = await db.query('DELETE FROM console_sign_ins WHERE expires_at <= $1', [now]);
  return { consoleSessions, signIns: s.rowCount ?? 0 };
}

/** How long a started OpenID Connect sign-in may take at the provider (ms): ten minutes. */
export const SIGN_IN_LIFETIME_MS = 10 * 60 * 1000;

export type PendingSignIn = { nonce: string; codeVerifier: string };

/** Records a sign-in started at the provider; `state` and `binding` are stored as hashes. */
export async function startSignIn(
  db: Queryable,
  s: { state: string; binding: string } & PendingSignIn,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO console_sign_ins (state_hash, binding_hash, nonce, code_verifier, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      hashToken(s.state),
      hashToken(s.binding),
      s.nonce,
      s.codeVerifier,
      now,
      new Date(now.getTime() + SIGN_IN_LIFETIME_MS),
    ],
  );
}

/**
 * Takes a started sign-in back, once: null for an unknown, used or expired `state`, or one the
 * browser's `binding` cookie does not match (the same answer for all, and it is gone either way).
 */
export async function takeSignIn(
  db: Queryable,
  state: string,
  binding: string | undefined,
  now: Date,
): Promise<PendingSignIn | null> {
  const r = await db.query<{
    nonce: string;
    code_verifier: string;
    binding_hash: Uint8Array;
    expires_at: Date;
  }>(
    'DELETE FROM console_sign_ins WHERE state_hash = $1 RETURNING nonce, code_verifier, binding_hash, expires_at',
    [hashToken(state)],
  );
  const row = r.rows[0];
  if (!row || !binding || new Date(row.expires_at) <= now) return null;
  if (!Buffer.from(row.binding_hash).equals(hashToken(binding))) return null;
  return { nonce: row.nonce, codeVerifier: row.code_verifier };
}
