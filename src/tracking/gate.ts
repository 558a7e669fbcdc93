// The tracking gate: decide()'s rule for the tracking purpose as SQL (decide/sql.ts), judged
// in the statement that writes. A property test (gate.test.ts) checks they agree.
import { compilePolicy } from '../decide/compile.ts';
import { ENTRY_COLUMNS } from '../decide/lifecycle.ts';
import { judgeSql } from '../decide/sql.ts';
import type { Policy, Purpose } from '../policy/schema.ts';

/**
 * One statement: judge every event of the batch ($1..$5 and $8 arrays), insert those with no
 * reason, and return the count per reason plus 'accepted' and 'duplicate' (an event whose client
 * id this subject already sent at that time). $6 is now, $7 the tracking purpose.
 */
export function ingestStatement(policy: Policy): { sql: string; purpose: Purpose } {
  const tracking = policy.tracking;
  const purpose = tracking && compilePolicy(policy).purposes.get(tracking.consentPurpose);
  if (!purpose) throw new Error('the policy declares no tracking purpose');
  // BK-1, BK-16: judged at the time the behaviour happened, and without a break since.
  const { joins, whens: cases } = judgeSql(
    policy,
    purpose,
    { now: '$6', purpose: '$7', occurredAt: 'e.occurred_at' },
    { probe: 'lateral' },
  );
  const sql = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::jsonb[], $8::text[])
    AS e(subject_id, occurred_at, kind, topic, props, client_id)
), judged AS (
  SELECT e.*, CASE
${cases.map((c) => `    ${c}`).join('\n')}
  END AS reason
  FROM input e
  -- LATERAL: an index probe per event, whatever the size of the tables (no full-table hash).
  LEFT JOIN LATERAL (SELECT id, lifecycle, controller, ${ENTRY_COLUMNS.join(', ')}, contract_ended_on, last_contact_at FROM subjects WHERE id = e.subject_id) s ON true
  ${joins.join('\n  ')}
), fresh AS (
  SELECT j.*, row_number() OVER (PARTITION BY j.subject_id, j.client_id ORDER BY j.occurred_at) AS nth
  FROM judged j WHERE j.reason IS NULL
), kept AS (
  -- A client id is the event's: sent again (a retry, even restamped by up to a day), in this
  -- batch or an earlier one, it is a duplicate. The unique index settles concurrent retries.
  INSERT INTO events (subject_id, occurred_at, kind, topic, props, client_id)
  SELECT subject_id, occurred_at, kind, topic, props, client_id FROM fresh f
  WHERE f.client_id IS NULL OR (f.nth = 1 AND NOT EXISTS (
    SELECT 1 FROM events x WHERE x.subject_id = f.subject_id AND x.client_id = f.client_id
      AND x.occurred_at BETWEEN f.occurred_at - interval '1 day' AND f.occurred_at + interval '1 day'))
  ON CONFLICT DO NOTHING
  RETURNING 1
)
SELECT reason, count(*)::int AS n FROM judged WHERE reason IS NOT NULL GROUP BY reason
UNION ALL SELECT 'accepted', count(*)::int FROM kept
UNION ALL SELECT 'duplicate', (SELECT count(*)::int FROM judged WHERE reason IS NULL) - (SELECT count(*)::int FROM kept)`;
  return { sql, purpose };
}
