-- Background jobs that run daily in every app process (retention, rescoring) take a lease
-- first: with several processes, or a restart, the day's work runs once.
CREATE TABLE job_leases (
  name     text PRIMARY KEY,
  taken_at timestamptz NOT NULL,
  holder   text NOT NULL
);
