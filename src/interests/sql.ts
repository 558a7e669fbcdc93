// The interest scores of many subjects in one statement (`scoreInterests` in model.ts, as SQL):
// only subjects the decision point lets be profiled (consent, no objection to profiling, no
// restriction, lifecycle), only events within retention and the purpose's look-back, never a
// topic the subject deleted.
// Scores that no longer hold (withdrawn consent, expired behaviour) are deleted in the same
// statement. Exponents are bounded: PostgreSQL raises an error where a float would underflow,
// and one person's heavy behaviour must not stop everyone's scoring (a score saturates at 1). Parameters: $1 now, $2 the profiling purpose, $3 one subject id or null for all.
import { compilePolicy } from '../decide/compile.ts';
import { judgeSql, literal, permissionSinceSql } from '../decide/sql.ts';
import type { Policy } from '../policy/schema.ts';
import { interestParams, SATURATION, TOP_SIGNALS } from './model.ts';

/** The purpose under which behaviour becomes interests: the tracking purpose, when it profiles. */
export function interestPurpose(policy: Policy): string | null {
  const id = policy.tracking?.consentPurpose;
  const purpose = policy.purposes.find((p) => p.id === id);
  return purpose?.profiling ? purpose.id : null;
}

/**
 * The subjects `s` the decision point lets be profiled, from `from` (subjects, or a page of
 * them): decide()'s rules for the interests' purpose, as SQL, with `since`, the time from which
 * their behaviour may feed an interest (BK-4, BK-16: never behaviour from before the consent,
 * nor from before an objection or restriction was lifted). $1 now, $2 the purpose.
 */
function allowedSql(policy: Policy, from: string, where: string): string | null {
  const purposeId = interestPurpose(policy);
  const purpose = purposeId ? compilePolicy(policy).purposes.get(purposeId) : undefined;
  if (!purpose) return null;
  const p = { now: '$1', purpose: '$2' };
  const judged = judgeSql(policy, purpose, p);
  const permission = permissionSinceSql(purpose, p, judged);
  return `SELECT s.id, ${permission.since} AS since FROM ${from}
  ${[...judged.joins, ...permission.joins].join('\n  ')}
  WHERE ${where} AND (CASE ${judged.whens.join(' ')} ELSE NULL END) IS NULL`;
}

/**
 * A page of stored scores for a processor: only subjects the decision point still lets be
 * profiled (scores normally go at once when that changes; this is the second lock on the door),
 * judged before the limit so a page is never short because of it.
 * $1 now, $2 purpose, $3 after (subject id or null), $4 limit.
 */
export function interestPageSql(policy: Policy): string | null {
  const allowed = allowedSql(
    policy,
    'subjects s',
    '($3::uuid IS NULL OR s.id > $3) AND EXISTS (SELECT 1 FROM interests i WHERE i.subject_id = s.id)',
  );
  if (!allowed) return null;
  return `
WITH page AS (${allowed} ORDER BY s.id LIMIT $4)
SELECT p.id AS subject_id, (SELECT jsonb_object_agg(i.topic, i.score) FROM interests i WHERE i.subject_id = p.id) AS interests
FROM page p ORDER BY p.id`;
}

export function rescoreSql(policy: Policy): string | null {
  const params = interestParams(policy);
  const allowed = allowedSql(policy, 'subjects s', '($3::uuid IS NULL OR s.id = $3)');
  if (!params || !allowed) return null;
  // RT-11, RT-14: behaviour older than the purpose may look back feeds no interest (as decide()).
  const lookBack = params.lookBack
    ? ` AND e.occurred_at + interval ${literal(params.lookBack)} > $1::timestamptz`
    : '';
  const weights = [...params.weights]
    .map(([kind, w]) => `(${literal(kind)}, ${Number(w)}::float8)`)
    .join(', ');
  // The top signals by rank, picked one by one: no sort inside the aggregate.
  const signal = `jsonb_build_object('kind', kind, 'count', n,
      'lastAt', to_char(last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'weight', round(weight::numeric, 4))`;
  const picks = Array.from(
    { length: TOP_SIGNALS },
    (_, i) => `(array_agg(${signal}) FILTER (WHERE r = ${i + 1}))[1]`,
  ).join(',\n    ');
  return `
WITH allowed AS (${allowed}),
-- BK-4, BK-16: people whose permission began within the retention window; their behaviour from
-- before it is not scored. Few people, so the filter is a probe into a small hash.
recent AS (SELECT id, since FROM allowed WHERE since > $1::timestamptz - interval ${literal(params.retention)}),
-- Aggregate first, then gate: one pass over the events, hash joins after, instead of an index
-- probe per partition for every allowed subject.
contrib AS (
  SELECT e.subject_id, e.topic, e.kind, count(*)::int AS n, max(e.occurred_at) AS last_at,
         sum(w.weight * power(0.5::float8, LEAST(extract(epoch FROM ($1::timestamptz - e.occurred_at)) / 86400 / ${params.halfLifeDays}, 1000))) AS weight
  FROM events e
  JOIN (VALUES ${weights}) w(kind, weight) ON w.kind = e.kind
  LEFT JOIN recent p ON p.id = e.subject_id
  WHERE e.occurred_at > $1::timestamptz - interval ${literal(params.retention)} AND e.occurred_at <= $1${lookBack}
    AND ($3::uuid IS NULL OR e.subject_id = $3) AND (p.since IS NULL OR e.occurred_at >= p.since)
  GROUP BY e.subject_id, e.topic, e.kind
),
ranked AS (
  SELECT c.*, row_number() OVER (PARTITION BY c.subject_id, c.topic ORDER BY c.weight DESC, c.kind) AS r
  FROM contrib c
  JOIN allowed a ON a.id = c.subject_id
  LEFT JOIN interest_suppressions x ON x.subject_id = c.subject_id AND x.topic = c.topic
  WHERE x.subject_id IS NULL
),
scored AS (
  SELECT subject_id, topic, round((1 - exp(-LEAST(sum(weight) / ${SATURATION}, 700)))::numeric, 4) AS score,
         to_jsonb(array_remove(ARRAY[${picks}], NULL)) AS signals
  FROM ranked GROUP BY subject_id, topic
),
gone AS (
  DELETE FROM interests i WHERE ($3::uuid IS NULL OR i.subject_id = $3)
    AND NOT EXISTS (SELECT 1 FROM scored t WHERE t.subject_id = i.subject_id AND t.topic = i.topic)
  RETURNING 1
),
kept AS (
  INSERT INTO interests (subject_id, topic, score, signals, scored_at)
  SELECT subject_id, topic, score, signals, $1 FROM scored
  ON CONFLICT (subject_id, topic) DO UPDATE SET score = EXCLUDED.score, signals = EXCLUDED.signals, scored_at = EXCLUDED.scored_at
  RETURNING subject_id
)
SELECT (SELECT count(DISTINCT subject_id) FROM kept)::int AS subjects, (SELECT count(*) FROM kept)::int AS interests,
       (SELECT count(*) FROM gone)::int AS removed`;
}
