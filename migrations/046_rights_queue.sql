-- Issue 15 (the DPO's requests, EN-11, EN-12): a request may be paused while Garde waits for the
-- person (a proof of identity, a clarification: Art. 12(6), Recital 64), its deadline moving by
-- the time it was paused; the queue pages by (due_at, id) over any number of requests; and each
-- delivery of an access report or export to the person is recorded by its digest, never its bytes.
ALTER TABLE rights_requests DROP CONSTRAINT rights_requests_status_check;
ALTER TABLE rights_requests ADD CONSTRAINT rights_requests_status_check
  CHECK (status IN ('received', 'verified', 'paused', 'completed', 'rejected', 'routed'));
ALTER TABLE rights_requests ADD COLUMN paused_at timestamptz;
ALTER TABLE rights_requests ADD COLUMN pause_reason text;
ALTER TABLE rights_requests ADD CONSTRAINT rights_requests_paused_check
  CHECK ((status = 'paused') = (paused_at IS NOT NULL AND pause_reason IS NOT NULL));

-- The queue's keyset: open requests by (due_at, id), and every request for the closed or all views.
DROP INDEX rights_requests_open_idx;
CREATE INDEX rights_requests_open_idx ON rights_requests (due_at, id) WHERE closed_at IS NULL;
CREATE INDEX rights_requests_due_idx ON rights_requests (due_at, id);

-- What was handed to the person (EN-11, Art. 15(3), Art. 20): the digest of the bytes delivered,
-- their format and size, by whom and where; the report itself is made again at each download
-- from the data then held, so no second copy of the person's data is kept.
CREATE TABLE rights_deliveries (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id   uuid NOT NULL REFERENCES rights_requests (id) ON DELETE CASCADE,
  format       text NOT NULL,
  sha256       text NOT NULL,
  bytes        integer NOT NULL,
  via          text NOT NULL CHECK (via IN ('privacy-page', 'staff')),
  actor        text NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX rights_deliveries_request_idx ON rights_deliveries (request_id, id);
