-- Issue 15: the DPO's oversight tools.
-- The audit trail is browsed newest first by person, actor or action: each filter walks its own
-- index in seq order instead of the whole chain.
CREATE INDEX audit_log_subject_seq_idx ON audit_log (subject_id, seq) WHERE subject_id IS NOT NULL;
DROP INDEX audit_log_subject_idx;
CREATE INDEX audit_log_actor_seq_idx ON audit_log (actor, seq);
CREATE INDEX audit_log_action_seq_idx ON audit_log (action, seq);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- A retention run started through the API (EN-10): one row per run, its progress in steps. One
-- runs at a time: the partial unique index admits a single 'running' row. A process that dies
-- leaves its row running with a heartbeat that stops moving; the next start takes it over as
-- 'abandoned' (every step of a run is its own transaction, so a new run resumes the work).
CREATE TABLE retention_runs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  started_by   text NOT NULL,
  started_at   timestamptz NOT NULL,
  heartbeat_at timestamptz NOT NULL,
  finished_at  timestamptz,
  status       text NOT NULL CHECK (status IN ('running', 'done', 'failed', 'abandoned')),
  processed    integer NOT NULL DEFAULT 0,
  total        integer NOT NULL DEFAULT 0,
  -- Counts per rule, category and table, never a datum (RetentionReport).
  report       jsonb
);
CREATE UNIQUE INDEX retention_runs_one_running ON retention_runs ((true)) WHERE status = 'running';
CREATE INDEX retention_runs_started_idx ON retention_runs (started_at DESC, id DESC);

CREATE INDEX legal_holds_active_idx ON legal_holds (id) WHERE released_at IS NULL;
