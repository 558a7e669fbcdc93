-- Events in a person's relationship that start a retention clock, as the policy names them
-- (issue 13: "account closed", "membership cancelled", "last login", "end of a dispute"),
-- reported by the controller's systems. One row per person and event: the latest occurrence;
-- an event undone (an account reopened) is deleted, and its clock stops.
CREATE TABLE retention_events (
  subject_id  uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  event       text NOT NULL CHECK (event ~ '^[a-z][a-z0-9-]{0,99}$'),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  actor       text NOT NULL,
  PRIMARY KEY (subject_id, event)
);
CREATE INDEX retention_events_event ON retention_events (event, occurred_at);
