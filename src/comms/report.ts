// BK-7: the monthly picture a DPO or marketer needs: how many people got 0, 1 or 2+ counted
// messages, the overrides (who and why), the suppressions by reason, and whether the target
// was met. Under a policy that states no cap: 0, 1 or 2+ commercial messages per calendar month
// (UTC), and no cap. Set-based: one statement per part, whatever the population.
//
// The target (BK-7, "at most `max` commercial messages per person per window, across all
// channels") is MET for a window when no person received more than `max` counted messages in
// it without a recorded override for that window (an override is a deliberate, audited
// exception in target mode). A strict cap admits no override, so there met means nobody over.
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { rollingWindowOf, UNCAPPED_WINDOW } from './model.ts';

export type CommsReport = {
  window: string;
  /** The channel the distribution and the suppressions are narrowed to; null: all channels. */
  channel: string | null;
  subjects: number;
  contacted: { none: number; once: number; twiceOrMore: number };
  share: { none: number; once: number; twiceOrMore: number };
  overrides: number;
  /**
   * Who went over the cap and why, grouped (the staff actor and their stated reason). The reason
   * is free text an agent typed, often about the person (routes/contacts.ts): it is given only to
   * a reader who may know identities (need-to-know.ts); others get counts per actor.
   */
  overridesBy: { actor: string; reason?: string; count: number }[];
  suppressions: Record<string, number>;
  /**
   * null: the policy states no cap. Always across every channel (the cap is), whatever
   * `channel` says. With a rolling window (`rollingWindow`, e.g. P30D) the month is still the
   * report's period, and `subjectsOver` counts the people who, on a message sent in it, had more
   * than `max` counted messages in the rolling window ending then. `subjectsOverUnexplained`:
   * those of them without a recorded override in the window; `met` when there are none.
   */
  cap: {
    max: number;
    mode: 'strict' | 'target';
    rollingWindow?: string;
    subjectsOver: number;
    subjectsOverUnexplained: number;
    met: boolean;
  } | null;
};

/** `reasons`: whether the overrides' stated reasons are shown (false unless said). */
export type ReportQuery = { window: string; channel?: string; reasons?: boolean };

export async function communicationsReport(
  d: Pick<Deps, 'db' | 'policy'>,
  q: ReportQuery | string,
): Promise<CommsReport> {
  const { window, channel = null, reasons = false } = typeof q === 'string' ? { window: q } : q;
  if (!d.policy.communications)
    throw new GardeError('FEATURE_NOT_DECLARED', 'The policy in force declares no communications');
  const cap = d.policy.communications.cap;
  // Without a cap nothing is counted: the picture is of commercial messages.
  const measured = cap ? 'm.counted' : 'm.commercial';
  const counts = (
    await d.db.query<{ subjects: number; none: number; once: number; more: number }>(
      `WITH per AS (
         SELECT s.id, count(m.id) FILTER (WHERE ${measured}) AS n
         FROM subjects s LEFT JOIN communications m ON m.subject_id = s.id AND m.window_key = $1
           AND ($2::text IS NULL OR m.channel = $2)
         GROUP BY s.id)
       SELECT count(*)::int AS subjects, count(*) FILTER (WHERE n = 0)::int AS none, count(*) FILTER (WHERE n = 1)::int AS once,
              count(*) FILTER (WHERE n >= 2)::int AS more
       FROM per`,
      [window, channel],
    )
  ).rows[0] ?? { subjects: 0, none: 0, once: 0, more: 0 };
  const rolling = cap ? rollingWindowOf(cap) : null;
  const over = cap
    ? rolling
      ? await rollingOver(d, window, cap.max, rolling)
      : await calendarOver(d, window, cap.max)
    : null;
  const overridesBy = (
    await d.db.query<{ actor: string; reason: string | null; count: number }>(
      `SELECT o.actor, CASE WHEN $3 THEN o.reason END AS reason, count(*)::int AS count FROM cap_overrides o
       WHERE o.window_key = $1 AND ($2::text IS NULL OR EXISTS (
         SELECT 1 FROM communications m WHERE m.override_id = o.id AND m.channel = $2))
       GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
      [window, channel, reasons],
    )
  ).rows.map(({ actor, reason, count }) => (reason === null ? { actor, count } : { actor, reason, count }));
  const suppressions = await suppressionsOf(d, window, channel);
  const share = (n: number) => (counts.subjects ? Math.round((1000 * n) / counts.subjects) / 1000 : 0);
  return {
    window,
    channel,
    subjects: counts.subjects,
    contacted: { none: counts.none, once: counts.once, twiceOrMore: counts.more },
    share: { none: share(counts.none), once: share(counts.once), twiceOrMore: share(counts.more) },
    overrides: overridesBy.reduce((n, o) => n + o.count, 0),
    overridesBy,
    suppressions,
    cap:
      cap && over
        ? {
            max: cap.max,
            mode: cap.mode,
            ...(rolling ? { rollingWindow: rolling } : {}),
            subjectsOver: over.over,
            subjectsOverUnexplained: over.unexplained,
            met: over.unexplained === 0,
          }
        : null,
  };
}

/**
 * The campaigns sent in the window, their suppressions summed per reason: the window of each
 * send is read in SQL with the cap's time zone (a year for a yearly cap, a month otherwise; UTC
 * months without a cap), as model.ts windowKey labels the ledger.
 */
async function suppressionsOf(
  d: Pick<Deps, 'db' | 'policy'>,
  window: string,
  channel: string | null,
): Promise<Record<string, number>> {
  const cap = d.policy.communications?.cap ?? UNCAPPED_WINDOW;
  const format = cap.window === 'calendar-year' ? 'YYYY' : 'YYYY-MM';
  const r = await d.db.query<{ reason: string; n: number }>(
    `SELECT e.key AS reason, sum(e.value::int)::int AS n
     FROM campaigns c, jsonb_each_text(c.result -> 'suppressed') e
     WHERE c.status = 'sent' AND to_char(c.sent_at AT TIME ZONE $2, '${format}') = $1
       AND ($3::text IS NULL OR c.channel = $3)
     GROUP BY 1 ORDER BY 1`,
    [window, cap.timeZone, channel],
  );
  return Object.fromEntries(r.rows.map((x) => [x.reason, x.n]));
}

type Over = { over: number; unexplained: number };

/** BK-7, calendar window: people with more than max counted messages in it, all channels. */
async function calendarOver(d: Pick<Deps, 'db'>, window: string, max: number): Promise<Over> {
  const r = await d.db.query<Over>(
    `WITH per AS (
       SELECT m.subject_id, count(*) AS n FROM communications m
       WHERE m.window_key = $1 AND m.counted GROUP BY 1 HAVING count(*) > $2)
     SELECT count(*)::int AS over,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM cap_overrides o WHERE o.subject_id = per.subject_id AND o.window_key = $1))::int AS unexplained
     FROM per`,
    [window, max],
  );
  return r.rows[0] ?? { over: 0, unexplained: 0 };
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
): Promise<Over> {
  const r = await d.db.query<Over>(
    `WITH per AS (
       SELECT DISTINCT m.subject_id FROM communications m
       WHERE m.window_key = $1 AND m.counted AND (
         SELECT count(*) FROM communications p
         WHERE p.subject_id = m.subject_id AND p.counted AND p.sent_at <= m.sent_at
           AND p.sent_at > ((m.sent_at AT TIME ZONE 'UTC') - $3::interval) AT TIME ZONE 'UTC') > $2)
     SELECT count(*)::int AS over,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM cap_overrides o WHERE o.subject_id = per.subject_id AND o.window_key = $1))::int AS unexplained
     FROM per`,
    [window, max, rollingWindow],
  );
  return r.rows[0] ?? { over: 0, unexplained: 0 };
}
