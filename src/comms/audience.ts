// A campaign's audience as one statement: the subjects its filters select, each judged by
// decide()'s rules for the campaign's contact (decide/sql.ts), plus the cap. Used by the
// preview (counts only) and by the send (reserve and write, set-wise).
import { compilePolicy } from '../decide/compile.ts';
import { type ContactSql, judgeSql } from '../decide/sql.ts';
import type { Policy } from '../policy/schema.ts';
import type { Campaign } from './campaigns.ts';

/**
 * Parameters, each typed here so every one is known whatever the class: $1 now, $2 purpose,
 * $3 lifecycles (text[] or null), $4 product codes (text[] or null), $5 themes (text[] or null),
 * $6 cap window key (a rolling window: the instant it starts after), $7 cap max, $8 whether the
 * class counts toward the cap. With `range`, only the subjects of that chunk of the send.
 */
export function audienceSql(policy: Policy, campaign: Campaign, range?: SubjectRange): string {
  const c = compilePolicy(policy);
  const purpose = c.purposes.get(campaign.purpose);
  const channel = c.channels.get(campaign.channel);
  const cls = c.classes.get(campaign.messageClass);
  if (!purpose || !channel || !cls)
    throw new Error('campaign checked before: purpose, channel and class exist');
  const { joins, whens: cases } = judgeSql(
    policy,
    purpose,
    { now: '$1::timestamptz', purpose: '$2::text', channel: channel.id },
    { contact: { ...contactOf(policy, campaign), formerCustomers: c.formerCustomers } },
  );
  const mailbox = channel.address === 'email';
  // BK-7: only classes that count toward the cap are stopped by it; on an e-mail channel the cap
  // is the mailbox's (one mailbox, one person), which is the person's when addresses are unique.
  joins.push(
    ...(policy.communications?.cap?.window === 'rolling' ? rollingUsage(mailbox) : calendarUsage(mailbox)),
  );
  cases.push(`WHEN ${mailbox ? 'COALESCE(mu.used, u.used)' : 'u.used'} >= $7::int THEN 'cap.reached'`);
  const judged = `
SELECT s.id AS subject_id, ${mailbox ? 'lower(si.email)' : 'NULL::text'} AS mailbox, CASE
${cases.map((w) => `  ${w}`).join('\n')}
END AS reason
FROM subjects s
${joins.join('\n')}
WHERE ($3::text[] IS NULL OR s.lifecycle = ANY($3))
  AND ($4::text[] IS NULL OR EXISTS (SELECT 1 FROM holdings h WHERE h.subject_id = s.id AND h.product_code = ANY($4)))
  AND ($5::text[] IS NULL OR EXISTS (SELECT 1 FROM theme_links t WHERE t.subject_id = s.id AND t.theme = ANY($5)))
  ${range ? `AND ${chunkOf(range, 's.id', mailbox)}` : ''}`;
  if (!mailbox) return `SELECT subject_id, reason FROM (${judged}) j`;
  // People who share one mailbox (written before addresses were unique): the first gets it.
  const shared = `
SELECT subject_id, CASE WHEN reason IS NULL AND mailbox IS NOT NULL
  AND row_number() OVER (PARTITION BY mailbox ORDER BY reason IS NULL DESC, subject_id) > 1
  THEN 'mailbox.shared' ELSE reason END AS reason
FROM (${judged}) j`;
  return range ? `SELECT * FROM (${shared}) m WHERE ${inRange(range, 'subject_id')}` : shared;
}

/**
 * A chunk of the send: subjects whose id is after `lo` and up to `hi`, two uuid parameters
 * (SQL placeholders), either null for an open end.
 */
export type SubjectRange = { lo: string; hi: string };

const inRange = (r: SubjectRange, id: string) =>
  `(${r.lo}::uuid IS NULL OR ${id} > ${r.lo}::uuid) AND (${r.hi}::uuid IS NULL OR ${id} <= ${r.hi}::uuid)`;

/**
 * The chunk's people; on an e-mail channel also whoever shares a mailbox with one of them, so
 * the mailbox's first person is the same whichever chunk judges it (the caller keeps the chunk).
 */
function chunkOf(r: SubjectRange, id: string, mailbox: boolean): string {
  if (!mailbox) return inRange(r, id);
  return `(${inRange(r, id)} OR lower(si.email) IN (SELECT lower(i.email) FROM identities i WHERE i.email IS NOT NULL AND ${inRange(r, 'i.subject_id')}))`;
}

/** BK-7, calendar window: the counters of the window's key ($6). */
function calendarUsage(mailbox: boolean): string[] {
  const joins = ['LEFT JOIN cap_usage u ON $8::boolean AND u.subject_id = s.id AND u.window_key = $6::text'];
  if (mailbox)
    joins.push(`LEFT JOIN identities si ON si.subject_id = s.id
LEFT JOIN (SELECT lower(i.email) AS mailbox, sum(cu.used)::int AS used FROM cap_usage cu JOIN identities i ON i.subject_id = cu.subject_id
           WHERE $8::boolean AND cu.window_key = $6::text AND i.email IS NOT NULL GROUP BY 1) mu ON mu.mailbox = lower(si.email)`);
  return joins;
}

/** BK-7, rolling window: the counted messages of the ledger sent after the window's start ($6). */
function rollingUsage(mailbox: boolean): string[] {
  const joins = [
    `LEFT JOIN (SELECT cm.subject_id, count(*)::int AS used FROM communications cm
           WHERE $8::boolean AND cm.counted AND cm.sent_at > $6::timestamptz GROUP BY 1) u ON u.subject_id = s.id`,
  ];
  if (mailbox)
    joins.push(`LEFT JOIN identities si ON si.subject_id = s.id
LEFT JOIN (SELECT lower(i.email) AS mailbox, count(*)::int AS used FROM communications cm JOIN identities i ON i.subject_id = cm.subject_id
           WHERE $8::boolean AND cm.counted AND cm.sent_at > $6::timestamptz AND i.email IS NOT NULL GROUP BY 1) mu ON mu.mailbox = lower(si.email)`);
  return joins;
}

/** The campaign's contact as decide() judges it, but for the former-customer rhythm. */
function contactOf(policy: Policy, campaign: Campaign): ContactSql {
  const c = compilePolicy(policy);
  const channel = c.channels.get(campaign.channel);
  const cls = c.classes.get(campaign.messageClass);
  if (!channel || !cls) throw new Error('campaign checked before: channel and class exist');
  return {
    channel: channel.id,
    requires: channel.requires,
    consentPurpose: channel.consentPurpose,
    commercial: cls.commercial,
    subscription: cls.requiresSubscription ? campaign.subscription : undefined,
  };
}

/**
 * Who of those a campaign was sent to may still be contacted when its batch is written (an
 * erasure, a restriction, an objection or a withdrawal can land between the send and the file):
 * decide()'s rules for the campaign's contact, as conditions on `s` (subjects), without the cap
 * and the former-customer rhythm, which this very send used. $2 now, $3 purpose.
 */
export function stillContactableSql(policy: Policy, campaign: Campaign): { joins: string[]; where: string } {
  const purpose = compilePolicy(policy).purposes.get(campaign.purpose);
  if (!purpose) throw new Error('campaign checked before: purpose exists');
  const { joins, whens } = judgeSql(
    policy,
    purpose,
    { now: '$2::timestamptz', purpose: '$3::text', channel: campaign.channel },
    { contact: contactOf(policy, campaign) },
  );
  return { joins, where: `(CASE ${whens.join(' ')} ELSE NULL END) IS NULL` };
}
