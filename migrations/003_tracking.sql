-- Behavioural tracking (BK-1, BK-2, BK-3): events of identified, consenting customers only,
-- in monthly range partitions so the one-year limit is enforced by dropping whole partitions.

CREATE TABLE events (
  subject_id  uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  kind        text NOT NULL,
  topic       text NOT NULL,
  props       jsonb,
  received_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (occurred_at);
CREATE INDEX events_subject_idx ON events (subject_id, occurred_at);

-- Creates the monthly partitions covering [from_month, from_month + months). Idempotent.
CREATE FUNCTION garde_ensure_event_partitions(from_month date, months integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  start date := date_trunc('month', from_month)::date;
  made integer := 0;
  name text;
BEGIN
  FOR i IN 0 .. months - 1 LOOP
    name := format('events_%s', to_char(start + make_interval(months => i), 'YYYY_MM'));
    IF to_regclass(name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', name,
                     start + make_interval(months => i), start + make_interval(months => i + 1));
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END;
$$;

-- A year back and three months ahead, from the day the migration runs; the server keeps the
-- window moving (src/tracking/partitions.ts).
SELECT garde_ensure_event_partitions((now() - interval '12 months')::date, 16);

-- EN-17: keys can expire (tracking sessions), and be limited to scopes.
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
