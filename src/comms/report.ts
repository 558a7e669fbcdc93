// BK-7: the monthly picture a DPO or marketer needs: how many people got 0, 1 or 2+ counted
// messages, the overrides, the suppressions by reason, and whether the target was met. Under a
// policy that states no cap: 0, 1 or 2+ commercial messages per calendar month (UTC), and no cap.
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { ledgerWindow, rollingWindowOf } from './model.ts';

export type CommsReport = {
  window: string;
  subjects: number;
  contacted: { none: number; once: number; twiceOrMore: number };
  share: { none: number; once: number; twiceOrMore: number };
  overrides: number;
  suppressions: Record<string, number>;
  /**
   * null: the policy states no cap. With a rolling window (`rollingWindow`, e.g. P30D) the month
   * is still the report's period, and `subjectsOver` counts the people who, on a message sent
   * in it, had more than `max` counted messages in the rolling window ending then.
   */
  cap: {
    max: number;
    mode: 'strict' | 'target';
    rollingWindow?: string;
    subjectsOver: number;
    met: boolean;
  } | null;
};

export async function communicationsReport(
  d: Pick<Deps, 'db' | 'policy'>,
  window: string,
): Promise<CommsReport> {
  if (!d.policy.communications)
    throw new GardeError('FEATURE_NOT_DECLARED', 'The policy in force declares no communications');
  const cap = d.policy.communications.cap;
  // Without a cap nothing is counted: the picture is of commercial messages.
  const measured = cap ? 'm.counted' : 'm.commercial';
  const counts = (
    await d.db.query<{ subjects: number; none: number; once: number; more: number; over: number }>(
      `WITH per AS (
         SELECT s.id, count(m.id) FILTER (WHERE ${measured}) AS n
         FROM subjects s LEFT JOIN communications m ON m.subject_id = s.id AND m.window_key = $1
         GROUP BY s.id)
       SELECT count(*)::int AS subjects, count(*) FILTER (WHERE n = 0)::int AS none, count(*) FILTER (WHERE n = 1)::int AS once,
              count(*) FILTER (WHERE n >= 2)::int AS more, count(*) FILTER (WHERE n > $2)::int AS over
       FROM per`,
      [window, cap?.max ?? null],
    )
  ).rows[0] ?? { subjects: 0, none: 0, once: 0, more: 0, over: 0 };
  const rolling = cap ? rollingWindowOf(cap) : null;
  if (cap && rolling) counts.over = await rollingOver(d, window, cap.max, rolling);
  const overrides =
    (
      await d.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cap_overrides WHERE window_key = $1', [
        window,
      ])
    ).rows[0]?.n ?? 0;
  const campaigns = await d.db.query<{
    sent_at: Date;
    result: { suppressed?: Record<string, number> } | null;
  }>("SELECT sent_at, result FROM campaigns WHERE status = 'sent'");
  const suppressions: Record<string, number> = {};
  for (const c of campaigns.rows) {
    if (ledgerWindow(d.policy, c.sent_at) !== window) continue;
    for (const [reason, n] of Object.entries(c.result?.suppressed ?? {}))
      suppressions[reason] = (suppressions[reason] ?? 0) + n;
  }
  const share = (n: number) => (counts.subjects ? Math.round((1000 * n) / counts.subjects) / 1000 : 0);
  return {
    window,
    subjects: counts.subjects,
    contacted: { none: counts.none, once: counts.once, twiceOrMore: counts.more },
    share: { none: share(counts.none), once: share(counts.once), twiceOrMore: share(counts.more) },
    overrides,
    suppressions,
    cap: cap
      ? {
          max: cap.max,
          mode: cap.mode,
          ...(rolling ? { rollingWindow: rolling } : {}),
          subjectsOver: counts.over,
          met: counts.over === 0,
        }
      : null,
  };
}

/**
 * BK-7, rolling window: the people over the cap in the month: on one of their counted messages
 * of the month, the window ending then (UTC calendar, as policy/duration.ts) held more than max.
 */
async function rollingOver(
  d: Pick<Deps, 'db'>,
  window: string,
  max: number,
  rollingWindow: string,
): Promise<number> {
  const r = await d.db.query<{ n: number }>(
    `SELECT count(DISTINCT m.subject_id)::int AS n FROM communications m
     WHERE m.window_key = $1 AND m.counted AND (
       SELECT count(*) FROM communications p
       WHERE p.subject_id = m.subject_id AND p.counted AND p.sent_at <= m.sent_at
         AND p.sent_at > ((m.sent_at AT TIME ZONE 'UTC') - $3::interval) AT TIME ZONE 'UTC') > $2`,
    [window, max, rollingWindow],
  );
  return r.rows[0]?.n ?? 0;
}
