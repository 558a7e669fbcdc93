// API keys: `garde_<prefix>_<secret>`. The prefix finds the row; only sha256(key) is stored,
// which suffices because the secret has 256 bits of entropy (no password stretching needed).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['customer', 'agent', 'marketer', 'dpo', 'processor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Principal = {
  keyId: string;
  role: Role;
  subjectId: string | null;
  scopes: string[];
  /** A short-lived session key (it expires): the only kind that may travel in a URL. */
  session: boolean;
};

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
