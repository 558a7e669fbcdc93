-- A replayed answer is the first answer whole: its headers too (a 201's Location, an ETag),
-- not only its status and body (issue 12).
ALTER TABLE idempotency_keys ADD COLUMN headers jsonb NOT NULL DEFAULT '{}';
