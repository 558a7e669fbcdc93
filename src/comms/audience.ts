// A campaign's audience as one statement: the subjects its filters select, each judged by
// decide()'s rules for the campaign's contact (decide/sql.ts), plus the cap. Used by the
// preview (counts only) and by the send (reserve and write, set-wise).
import { compilePolicy } from '../decide/compile.ts';
import { judgeSql } from '../decide/sql.ts';
import type { Policy } from '../policy/schema.ts';
import type { Campaign } from './campaigns.ts';

/**
 * Parameters: $1 now, $2 purpose, $3 lifecycles (text[] or null), $4 product codes (text[] or
 * null), $5 themes (text[] or null), $6 cap window key, $7 cap max.
 */
export function audienceSql(policy: Policy, campaign: Campaign, counted: boolean): string {
  const c = compilePolicy(policy);
  const purpose = c.purposes.get(campaign.purpose);
  const channel = c.channels.get(campaign.channel);
  const cls = c.classes.get(campaign.messageClass);
  if (!purpose || !channel || !cls)
    throw new Error('campaign checked before: purpose, channel and class exist');
  const { joins, whens: cases } = judgeSql(
    policy,
    purpose,
    { now: '$1', purpose: '$2' },
    {
      requires: channel.requires,
      consentPurpose: channel.consentPurpose,
      commercial: cls.commercial,
      formerCustomers: c.formerCustomers,
    },
  );
  // An uncounted class ignores the cap, but PostgreSQL must still learn the type of every
  // parameter it is given (else 42P18 "could not determine data type").
  let capTypes = '';
  if (counted) {
    joins.push('LEFT JOIN cap_usage u ON u.subject_id = s.id AND u.window_key = $6');
    cases.push("WHEN u.used >= $7 THEN 'cap.reached'");
  } else capTypes = '\n  AND $6::text IS NOT NULL AND $7::int IS NOT NULL';
  return `
SELECT s.id AS subject_id, CASE
${cases.map((w) => `  ${w}`).join('\n')}
END AS reason
FROM subjects s
LEFT JOIN consents c ON c.subject_id = s.id AND c.purpose = $2 AND c.channel = ''
${joins.join('\n')}
WHERE ($3::text[] IS NULL OR s.lifecycle = ANY($3))
  AND ($4::text[] IS NULL OR EXISTS (SELECT 1 FROM holdings h WHERE h.subject_id = s.id AND h.product_code = ANY($4)))
  AND ($5::text[] IS NULL OR EXISTS (SELECT 1 FROM theme_links t WHERE t.subject_id = s.id AND t.theme = ANY($5)))${capTypes}`;
}
