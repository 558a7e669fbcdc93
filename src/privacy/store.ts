// The customer's privacy page (issue 14, BK-16, EN-17): how it is opened. The company's site
// (role `host`) asks, server to server, for a single-use link valid PRIVACY_LINK_LIFETIME; the
// browser follows it once and gets a cookie session instead, judged by the policy's idle and
// absolute session timeouts (src/keys/sessions.ts) like every session Garde opens. Tokens are
// 256 random bits; only their sha256 is stored (as for API keys), and none is ever logged.
import { appendAudit } from '../audit/store.ts';
import type { Principal } from '../keys/model.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { GardeError } from '../platform/errors.ts';
import {
  endSessionRow,
  insertSession,
  purgeSessionRows,
  sessionTable,
  useSession,
} from '../platform/http/session-store.ts';
import {
  csrfTokenOf,
  hashToken,
  newToken,
  type SessionClock,
  SESSION_TOKEN as TOKEN,
} from '../platform/http/session-token.ts';
import { erasedButKept } from '../rights/erasure-store.ts';
import { lockSubject } from '../subjects/subjects.ts';

/**
 * How long a privacy link may wait to be followed: long enough for the host to redirect the
 * browser to it, too short to be worth stealing. An ISO 8601 duration for the docs; in ms below.
 */
export const PRIVACY_LINK_LIFETIME = 'PT2M';
export const PRIVACY_LINK_LIFETIME_MS = 2 * 60 * 1000;

/** The cookie that carries a privacy-page session. */
export const SESSION_COOKIE = 'garde_privacy';

/**
 * Migration 041. A privacy-page session is a person (erasing them deletes it); nothing else keeps
 * it live. Its CSRF token takes csrfTokenOf's default label, the privacy page's.
 */
const PRIVACY_SESSIONS = sessionTable<{ subject_id: string }>({
  name: 'privacy_sessions',
  columns: ['subject_id'],
});

/** A new link for `subjectId` (which the caller checked exists); returns its plain token once. */
export async function createPrivacyLink(
  db: Db,
  subjectId: string,
  now: Date,
  actor: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + PRIVACY_LINK_LIFETIME_MS);
  await db.transaction(async (tx) => {
    // Under the person's row lock, which an erasure takes too: no link outlives an erasure
    // that commits while it is being made. An erased person kept restricted has no page.
    await lockSubject(tx, subjectId);
    if (await erasedButKept(tx, subjectId)) throw new GardeError('SUBJECT_NOT_FOUND');
    await tx.query(
      'INSERT INTO privacy_links (hash, subject_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [hashToken(token), subjectId, now, expiresAt],
    );
    await appendAudit(tx, {
      actor,
      action: 'privacy-link.create',
      subjectId,
      changeDigest: digestOf({ subjectId, expiresAt: expiresAt.toISOString() }),
    });
  });
  return { token, expiresAt };
}

/**
 * Follows a link: once, before it expires, into a new session (its plain cookie token, returned
 * once). Null for an unknown, used or expired link: the same answer for all three.
 */
export async function redeemPrivacyLink(
  db: Db,
  token: string,
  at: SessionClock,
): Promise<{ token: string; sessionId: string; subjectId: string; expiresAt: Date } | null> {
  if (!TOKEN.test(token)) return null;
  return db.transaction(async (tx) => {
    // Marked used in the same statement that reads it: two browsers racing get one session.
    const used = await tx.query<{ subject_id: string }>(
      `UPDATE privacy_links SET used_at = $2
       WHERE hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING subject_id`,
      [hashToken(token), at.now],
    );
    const subjectId = used.rows[0]?.subject_id;
    if (!subjectId) return null;
    const session = await insertSession(tx, PRIVACY_SESSIONS, { subject_id: subjectId }, at);
    await appendAudit(tx, {
      actor: `session:${session.id}`,
      action: 'privacy-session.start',
      subjectId,
      changeDigest: digestOf({ sessionId: session.id }),
    });
    return { token: session.token, sessionId: session.id, subjectId, expiresAt: session.expiresAt };
  });
}

/**
 * The customer principal of a live session, or null (unknown, ended, idle past its expiry or
 * past its absolute lifetime). Each use moves its expiry to `at.idleExpiry`, never past its start
 * plus `at.lifetime` (EN-17), exactly as authenticate() does for session keys.
 */
export async function authenticateSession(
  db: Queryable,
  token: string,
  at: SessionClock,
): Promise<Principal | null> {
  const row = await useSession(db, PRIVACY_SESSIONS, token, at);
  if (!row) return null;
  return {
    keyId: row.id,
    role: 'customer',
    subjectId: row.subject_id,
    scopes: [],
    session: true,
    cookie: { sessionId: row.id, csrfToken: csrfTokenOf(token), expiresAt: new Date(row.expires_at) },
  };
}

/** Ends a session (sign-out); false when it was not live. */
export async function endSession(db: Db, sessionId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ended = await endSessionRow(tx, PRIVACY_SESSIONS, sessionId, now);
    if (!ended) return false;
    await appendAudit(tx, {
      actor: `session:${sessionId}`,
      action: 'privacy-session.end',
      subjectId: ended.subject_id,
      changeDigest: digestOf({ sessionId }),
    });
    return true;
  });
}

/**
 * Deletes what can no longer open anything: links past their expiry (used or not) and sessions
 * ended or expired. Runs every few minutes (src/server.ts); returns how many rows went.
 */
export async function purgePrivacySessions(
  db: Queryable,
  now: Date,
): Promise<{ links: number; sessions: number }> {
  const links = await db.query('DELETE FROM privacy_links WHERE expires_at <= $1', [now]);
  const sessions = await purgeSessionRows(db, PRIVACY_SESSIONS, now);
  return { links: links.rowCount ?? 0, sessions };
}
