-- A retried batch is stored once (issue 11): an event may carry the client's own id, unique per
-- subject (and time: the partition key must be part of a unique index on a partitioned table).
-- A second copy is dropped as 'duplicate'; events without an id are stored as they come.
ALTER TABLE events ADD COLUMN client_id text;
CREATE UNIQUE INDEX events_client_id_idx ON events (subject_id, client_id, occurred_at) WHERE client_id IS NOT NULL;
