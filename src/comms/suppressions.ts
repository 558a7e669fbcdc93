// BK-7, BK-13: who a campaign leaves out and why, as the marketer may know it: subject ids and
// reason codes, never who the people are. For a full cap slot, which campaign already sent in
// the window took it (and at what priority), or that messages outside any campaign used it.
import { digestOf } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, keyParams } from '../platform/db/keyset.ts';
import type { Deps } from '../platform/deps.ts';
import { type Keyset, type Page, type PageRequest, paged } from '../platform/pagination.ts';
import { readerWords, type Words } from '../words/words.ts';
import { audienceSql } from './audience.ts';
import {
  type Campaign,
  type CapArbitration,
  checkStillAllowed,
  getCampaign,
  parameters,
  rollingWindow,
} from './campaigns.ts';
import { countsTowardCap } from './model.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now' | 'config'>;

export type Suppression = {
  subjectId: string;
  /** A reason code of the decision point (decide/reasons.ts), e.g. consent.missing, cap.reached. */
  reason: string;
  /** cap.reached: the campaign already sent in the window that took the slot, or null. */
  takenBy: { campaign: string; name: string; priority: number } | null;
};

export const SUPPRESSIONS: Keyset = { list: 'campaign-suppressions', parts: ['uuid'] };

/**
 * The audience judged now, each suppressed person with the campaign that took their slot when
 * the cap stopped them: of the counted messages of the window sent by a campaign, the one of
 * highest priority (then the first sent). $1..$8 as audienceSql.
 */
function attributedSql(d: Ctx, c: Campaign): string {
  const inWindow = rollingWindow(d) ? 'm.sent_at > $6::timestamptz' : 'm.window_key = $6::text';
  return `
SELECT j.subject_id, j.reason, t.campaign_id, t.name, t.priority
FROM (${audienceSql(d.policy, c)}) j
LEFT JOIN LATERAL (
  SELECT tc.id AS campaign_id, tc.name, tc.priority FROM communications m JOIN campaigns tc ON tc.id = m.campaign_id
  WHERE j.reason = 'cap.reached' AND m.subject_id = j.subject_id AND m.counted AND ${inWindow}
  ORDER BY tc.priority DESC, m.sent_at, m.id LIMIT 1) t ON true
WHERE j.reason IS NOT NULL`;
}

/**
 * A page of the people a campaign leaves out, in subject id order, optionally of one reason.
 * Judged now: before the send, who it would leave out; after it, who of its audience it did not
 * reach (the send's own counts stay in its result). Reads no identity (BK-13: marketers work on
 * audiences). 404 CAMPAIGN_NOT_FOUND, 400 CURSOR_INVALID, 422 CAMPAIGN_INVALID when the policy in
 * force no longer allows the draft (checkStillAllowed).
 */
export async function listSuppressions(
  d: Ctx,
  id: string,
  req: PageRequest & { reason?: string },
  words: Words = readerWords(d.policy),
): Promise<Page<Suppression>> {
  const c = await getCampaign(d, id);
  checkStillAllowed(d, c, words);
  const params = parameters(d, c, d.now(), countsTowardCap(d.policy, c.messageClass));
  // A cursor belongs to its campaign and its reason filter (as audit/browse.ts scopeOf): another
  // filter's cursor would resume inside a different list.
  const scope = req.reason === undefined ? id : digestOf([id, req.reason]);
  return paged({ sealer: d.sealer, scope }, SUPPRESSIONS, req, async (after, limit) => {
    const r = await d.db.query<Row>(
      `SELECT * FROM (${attributedSql(d, c)}) a
       WHERE ($9::text IS NULL OR a.reason = $9)
         AND NOT EXISTS (SELECT 1 FROM communications r WHERE r.campaign_id = $10::uuid AND r.subject_id = a.subject_id)
         AND ${afterKey(SUPPRESSIONS, ['a.subject_id'], 'asc', 12)}
       ORDER BY a.subject_id LIMIT $11`,
      [...params, req.reason ?? null, c.id, limit, ...keyParams(SUPPRESSIONS, after)],
    );
    return r.rows.map((x) => ({ item: toSuppression(x), key: [x.subject_id] }));
  });
}

type Row = {
  subject_id: string;
  reason: string;
  campaign_id: string | null;
  name: string | null;
  priority: number | null;
};

function toSuppression(x: Row): Suppression {
  return {
    subjectId: x.subject_id,
    reason: x.reason,
    takenBy:
      x.campaign_id === null
        ? null
        : { campaign: x.campaign_id, name: x.name ?? '', priority: x.priority ?? 0 },
  };
}

/** BK-7: the preview's "who lost the slot to what", counted per campaign (see CapArbitration). */
export async function capArbitration(d: Ctx, db: Queryable, c: Campaign): Promise<CapArbitration> {
  const r = await db.query<{
    campaign_id: string | null;
    name: string | null;
    priority: number | null;
    n: number;
  }>(
    `SELECT campaign_id, name, priority, count(*)::int AS n FROM (${attributedSql(d, c)}) a
     WHERE a.reason = 'cap.reached' GROUP BY 1, 2, 3 ORDER BY priority DESC NULLS LAST, n DESC, campaign_id`,
    parameters(d, c, d.now(), countsTowardCap(d.policy, c.messageClass)),
  );
  const takenBy = r.rows.flatMap((x) =>
    x.campaign_id === null
      ? []
      : [{ campaign: x.campaign_id, name: x.name ?? '', priority: x.priority ?? 0, subjects: x.n }],
  );
  return {
    takenBy,
    usedOtherwise: r.rows.find((x) => x.campaign_id === null)?.n ?? 0,
    queued: await queuedAhead(d, db, c),
  };
}

/** Shifts an audience statement's parameters ($1..$8) by `by`, to judge two campaigns in one. */
const shifted = (sql: string, by: number) => sql.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + by}`);

/**
 * BK-7: the campaigns waiting to be sent (queued, or being sent) that the job sends before this
 * one (a higher priority; an equal one queued first, or at all when this one is a draft), each
 * with how many of the people this campaign may reach now it reaches as well: sent first, it
 * uses one of their slots in the cap's window (with a cap of one, the slot). Set-based: one
 * statement per waiting campaign, the two audiences judged and joined. Empty when this
 * campaign's class does not count toward the cap.
 */
async function queuedAhead(d: Ctx, db: Queryable, c: Campaign): Promise<CapArbitration['queued']> {
  if (c.status !== 'draft' && c.status !== 'queued') return [];
  if (!countsTowardCap(d.policy, c.messageClass)) return [];
  const ahead = await db.query<{ id: string }>(
    `SELECT id FROM campaigns WHERE status IN ('queued', 'sending') AND id <> $1
       AND (priority > $2 OR (priority = $2 AND ($3::timestamptz IS NULL OR (queued_at, id) < ($3::timestamptz, $1::uuid))))
     ORDER BY priority DESC, queued_at, id`,
    [c.id, c.priority, c.queuedAt],
  );
  const now = d.now();
  const mine = parameters(d, c, now, true);
  const out: CapArbitration['queued'] = [];
  for (const { id } of ahead.rows) {
    const rival = await getCampaign({ db }, id);
    if (!countsTowardCap(d.policy, rival.messageClass)) continue;
    const r = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${audienceSql(d.policy, c)}) a
       JOIN (${shifted(audienceSql(d.policy, rival), mine.length)}) b ON b.subject_id = a.subject_id
       WHERE a.reason IS NULL AND b.reason IS NULL`,
      [...mine, ...parameters(d, rival, now, true)],
    );
    const subjects = r.rows[0]?.n ?? 0;
    if (subjects > 0) out.push({ campaign: id, name: rival.name, priority: rival.priority, subjects });
  }
  return out;
}
