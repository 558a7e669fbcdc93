WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::jsonb[], $8::text[])
    AS e(subject_id, occurred_at, kind, topic, props, client_id)
), judged AS (
  SELECT e.*, CASE
    WHEN s.id IS NULL THEN 'subject.unknown'
    WHEN s.controller <> 'self' THEN 'controller.partner'
    WHEN jr.subject_id IS NOT NULL THEN 'restriction.active'
    WHEN EXISTS (SELECT 1 FROM restriction_events x WHERE x.subject_id = s.id AND x.action = 'lifted' AND TRUE AND x.purpose IN ('', $7) AND x.recorded_at > e.occurred_at) THEN 'restriction.since-event'
    WHEN s.lifecycle NOT IN ('customer') THEN 'lifecycle.not-allowed'
    WHEN GREATEST(s.customer_from, s.returned_at) > e.occurred_at THEN 'lifecycle.after-event'
    WHEN c.state IS NULL THEN 'consent.missing'
    WHEN c.state <> 'given' THEN 'consent.' || c.state
    WHEN c.given_since > e.occurred_at THEN 'consent.after-event'
    WHEN jo_profiling.subject_id IS NOT NULL THEN 'objection.profiling'
    WHEN EXISTS (SELECT 1 FROM objection_events x WHERE x.subject_id = s.id AND x.action = 'lifted' AND x.kind IN ('profiling') AND x.purpose IN ('', $7) AND x.recorded_at > e.occurred_at) THEN 'objection.since-event'
  END AS reason
  FROM input e
  -- LATERAL: an index probe per event, whatever the size of the tables (no full-table hash).
  LEFT JOIN LATERAL (SELECT id, lifecycle, controller, customer_from, returned_at, left_at, contract_ended_on, last_contact_at FROM subjects WHERE id = e.subject_id) s ON true
  CROSS JOIN (SELECT $6::timestamptz AS at) jnow
  LEFT JOIN (SELECT subject_id FROM restrictions WHERE purpose IN ('', $7) GROUP BY subject_id) jr ON jr.subject_id = s.id
  LEFT JOIN LATERAL (SELECT state, given_since FROM consents cr WHERE subject_id = s.id AND purpose = $7 AND channel = '') c ON true
  LEFT JOIN (SELECT subject_id FROM objections WHERE kind = 'profiling' AND purpose IN ('', $7) GROUP BY subject_id) jo_profiling ON jo_profiling.subject_id = s.id
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
UNION ALL SELECT 'duplicate', (SELECT count(*)::int FROM judged WHERE reason IS NULL) - (SELECT count(*)::int FROM kept)
