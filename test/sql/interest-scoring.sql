WITH allowed AS (SELECT s.id, GREATEST(c.given_since, lr.at, GREATEST(s.customer_from, s.returned_at), lo.at) AS since FROM subjects s
  CROSS JOIN (SELECT $1::timestamptz AS at) jnow
  LEFT JOIN (SELECT subject_id FROM restrictions WHERE purpose IN ('', $2) GROUP BY subject_id) jr ON jr.subject_id = s.id
  LEFT JOIN consents c ON c.subject_id = s.id AND c.purpose = $2 AND c.channel = ''
  LEFT JOIN (SELECT subject_id FROM objections WHERE kind = 'profiling' AND purpose IN ('', $2) GROUP BY subject_id) jo_profiling ON jo_profiling.subject_id = s.id
  LEFT JOIN (SELECT subject_id, max(recorded_at) AS at FROM restriction_events WHERE action = 'lifted' AND TRUE AND purpose IN ('', $2) GROUP BY subject_id) lr ON lr.subject_id = s.id
  LEFT JOIN (SELECT subject_id, max(recorded_at) AS at FROM objection_events WHERE action = 'lifted' AND kind IN ('profiling') AND purpose IN ('', $2) GROUP BY subject_id) lo ON lo.subject_id = s.id
  WHERE ($3::uuid IS NULL OR s.id = $3) AND (CASE WHEN s.id IS NULL THEN 'subject.unknown' WHEN s.controller <> 'self' THEN 'controller.partner' WHEN jr.subject_id IS NOT NULL THEN 'restriction.active' WHEN s.lifecycle NOT IN ('customer') THEN 'lifecycle.not-allowed' WHEN c.state IS NULL THEN 'consent.missing' WHEN c.state <> 'given' THEN 'consent.' || c.state WHEN jo_profiling.subject_id IS NOT NULL THEN 'objection.profiling' ELSE NULL END) IS NULL),
-- BK-4, BK-16: people whose permission began within the retention window; their behaviour from
-- before it is not scored. Few people, so the filter is a probe into a small hash.
recent AS (SELECT id, since FROM allowed WHERE since > $1::timestamptz - interval 'P1Y'),
-- Aggregate first, then gate: one pass over the events, hash joins after, instead of an index
-- probe per partition for every allowed subject.
contrib AS (
  SELECT e.subject_id, e.topic, e.kind, count(*)::int AS n, max(e.occurred_at) AS last_at,
         sum(w.weight * power(0.5::float8, LEAST(extract(epoch FROM ($1::timestamptz - e.occurred_at)) / 86400 / 30, 1000))) AS weight
  FROM events e
  JOIN (VALUES ('dossier-visited', 1::float8), ('information-consulted', 1::float8), ('simulation-run', 3::float8), ('procedure-abandoned', 4::float8)) w(kind, weight) ON w.kind = e.kind
  LEFT JOIN recent p ON p.id = e.subject_id
  WHERE e.occurred_at > $1::timestamptz - interval 'P1Y' AND e.occurred_at <= $1
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
  SELECT subject_id, topic, round((1 - exp(-LEAST(sum(weight) / 3, 700)))::numeric, 4) AS score,
         to_jsonb(array_remove(ARRAY[(array_agg(jsonb_build_object('kind', kind, 'count', n,
      'lastAt', to_char(last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'weight', round(weight::numeric, 4))) FILTER (WHERE r = 1))[1],
    (array_agg(jsonb_build_object('kind', kind, 'count', n,
      'lastAt', to_char(last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'weight', round(weight::numeric, 4))) FILTER (WHERE r = 2))[1],
    (array_agg(jsonb_build_object('kind', kind, 'count', n,
      'lastAt', to_char(last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'weight', round(weight::numeric, 4))) FILTER (WHERE r = 3))[1]], NULL)) AS signals
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
       (SELECT count(*) FROM gone)::int AS removed
