// API keys: `garde_<prefix>_<secret>`. The prefix finds the row; only sha256(key) is stored,
// which suffices because the secret has 256 bits of entropy (no password stretching needed).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// `host`: the company's own site (online banking) that opens a customer's privacy page; it may
// only create privacy links (src/privacy), and reads nothing.
export const ROLES = ['customer', 'agent', 'marketer', 'dpo', 'processor', 'admin', 'host'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles of people at work who sign in to the back office at /console/ (issue 15): the agent
 * in a branch or contact center, the marketer and the DPO. The others are machines' or
 * persons' keys (customer, host, processor) or the operator's (admin): they open no console.
 */
export const STAFF_ROLES = ['agent', 'marketer', 'dpo'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];
export const isStaffRole = (role: string): role is StaffRole =>
  (STAFF_ROLES as readonly string[]).includes(role);

export type Principal = {
  keyId: string;
  role: Role;
  subjectId: string | null;
  scopes: string[];
  /** A short-lived session key (it expires): the only kind that may travel in a URL. */
  session: boolean;
  /**
   * Set when the caller is a customer's privacy-page cookie session (src/privacy/sessions.ts)
   * rather than a key: its id, and when it ends if left idle.
   */
  cookie?: CookieSession;
  /**
   * Set when the caller is a member of staff's console cookie session (src/console): it acts as
   * its role, and its changes are audited under `actor`, the person who signed in.
   */
  staff?: CookieSession & { actor: string; displayName: string };
};

export type CookieSession = { sessionId: string; csrfToken: string; expiresAt: Date };

/** Who acted, for the audit trail: a key, a member of staff, or a privacy-page session. */
export function actorOf(p: Principal): string {
  if (p.staff) return p.staff.actor;
  return p.cookie ? `session:${p.cookie.sessionId}` : `key:${p.keyId}`;
}

export type NewKey = { plain: string; prefix: string; hash: Buffer };

export function generateKey(): NewKey {
  const prefix = randomBytes(6).toString('hex');
  const plain = `garde_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { plain, prefix, hash: hashKey(plain) };
}

export function hashKey(plain: string): Buffer {
  return createHash('sha256').update(plain).digest();
}

export function parseKey(plain: string): { prefix: string } | null {
  const m = /^garde_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(plain);
  return m?.[1] ? { prefix: m[1] } : null;
}

export function keyMatches(plain: string, stored: Buffer): boolean {
  const candidate = hashKey(plain);
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}
