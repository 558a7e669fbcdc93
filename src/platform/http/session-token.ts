// The secrets of Garde's browser sessions (the privacy page's, the console's): 256 random bits,
// only their sha256 stored (as for API keys), none ever logged; and the CSRF token each session's
// page sends back with every change, derived from the cookie's secret.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a session token looks like: 256 bits, base64url (43 characters). */
export const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * The CSRF token of a session: an HMAC of its cookie's secret (so it reveals nothing of it) under
 * `label` (one per kind of session, so one kind's token is never another's), handed to the page
 * by its "who am I" route, sent back in X-CSRF-Token on every change.
 */
export function csrfTokenOf(sessionToken: string, label = 'garde privacy csrf'): string {
  return createHmac('sha256', sessionToken).update(label).digest('base64url');
}

export function csrfMatches(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** When a session used at `now` ends: idle expiry, never past its start plus `lifetime`. */
export type SessionClock = { now: Date; idleExpiry: Date; lifetime: string };
