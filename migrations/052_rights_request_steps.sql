-- Issue 16: a request carried out in every system that holds the person's data, one step per
-- system (Garde's own dataset included), each with its status, error and attempts. A step that
-- is done is never run again: a retry runs only what is not done.
CREATE TABLE rights_request_steps (
  request_id   uuid NOT NULL REFERENCES rights_requests (id) ON DELETE CASCADE,
  dataset      text NOT NULL,
  -- pending: to run; failed: ran and failed (error says why; run again on retry); waiting: a
  -- system completes it later (http) or a person does (manual task); done.
  status       text NOT NULL CHECK (status IN ('pending', 'failed', 'waiting', 'done')),
  -- manual: the role whose task it is, and when it is due.
  assignee     text,
  due_at       timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  error        text,
  -- http: the job the system completes later (its callback or a poll names it).
  ref          text,
  -- Held by the run carrying it out until then (a run that died lets go).
  running_until timestamptz,
  -- What to do there (table actions), fixed when the step is made, so a retry does the same.
  actions      jsonb NOT NULL DEFAULT '[]',
  -- What was done: rows per table, what stays and until when. Never a personal datum.
  result       jsonb,
  -- The person's keys in that system (customer number, e-mail), sealed (AES-256-GCM): Garde's own
  -- part may have erased them already. Cleared once the step is done.
  person_enc   bytea,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  done_at      timestamptz,
  done_by      text,
  PRIMARY KEY (request_id, dataset)
);
CREATE INDEX rights_request_steps_open_idx ON rights_request_steps (status, dataset) WHERE status <> 'done';
CREATE UNIQUE INDEX rights_request_steps_ref_idx ON rights_request_steps (dataset, ref) WHERE ref IS NOT NULL;
