// `npm start` prints a ready link to the demo customer's privacy page (issue 14): a fresh
// single-use link for the person the demo customer key belongs to. It works once, within
// PRIVACY_LINK_LIFETIME; a restart prints a new one.
import type { Deps } from '../platform/deps.ts';
import { createPrivacyLink, PRIVACY_LINK_LIFETIME_MS } from '../privacy/store.ts';

/** The link, or null when this database has no demo customer. */
export async function demoPrivacyLink(
  deps: Pick<Deps, 'db' | 'now'>,
  baseUrl: string,
): Promise<{ url: string; minutes: number } | null> {
  const r = await deps.db.query<{ subject_id: string }>(
    "SELECT subject_id FROM api_keys WHERE name = 'demo customer' AND revoked_at IS NULL AND subject_id IS NOT NULL ORDER BY created_at DESC LIMIT 1",
  );
  const subjectId = r.rows[0]?.subject_id;
  if (!subjectId) return null;
  const { token } = await createPrivacyLink(deps.db, subjectId, deps.now(), 'system:demo');
  return { url: `${baseUrl}/privacy/session?token=${token}`, minutes: PRIVACY_LINK_LIFETIME_MS / 60_000 };
}
