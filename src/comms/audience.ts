// A campaign's audience as one statement: the subjects its filters select, each judged by
// decide()'s rules for the campaign's contact (decide/sql.ts), plus the cap. Used by the
// preview (counts only) and by the send (reserve and write, set-wise).
import { compilePolicy } from '../decide/compile.ts';
import { judgeSql } from '../decide/sql.ts';
import type { Policy } from '../policy/schema.ts';
import type { Campaign } from './campaigns.ts';

/**
 * Parameters, each typed here so every one is known whatever the class: $1 now, $2 purpose,
 * $3 lifecycles (text[] or null), $4 product codes (text[] or null), $5 themes (text[] or null),
 * $6 cap window key, $7 cap max, $8 whether the class counts toward the cap.
 */
export function audienceSql(policy: Policy, campaign: Campaign): string {
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
    {
      contact: {
        channel: channel.id,
        requires: channel.requires,
        consentPurpose: channel.consentPurpose,
        commercial: cls.commercial,
        subscription: cls.requiresSubscription ? campaign.subscription : undefined,
        formerCustomers: c.formerCustomers,
      },
    },
  );
  // BK-7: only classes that count toward the cap are stopped by it.
  joins.push('LEFT JOIN cap_usage u ON $8::boolean AND u.subject_id = s.id AND u.window_key = $6::text');
  cases.push("WHEN u.used >= $7::int THEN 'cap.reached'");
  return `
SELECT s.id AS subject_id, CASE
${cases.map((w) => `  ${w}`).join('\n')}
END AS reason
FROM subjects s
${joins.join('\n')}
WHERE ($3::text[] IS NULL OR s.lifecycle = ANY($3))
  AND ($4::text[] IS NULL OR EXISTS (SELECT 1 FROM holdings h WHERE h.subject_id = s.id AND h.product_code = ANY($4)))
  AND ($5::text[] IS NULL OR EXISTS (SELECT 1 FROM theme_links t WHERE t.subject_id = s.id AND t.theme = ANY($5)))`;
}
