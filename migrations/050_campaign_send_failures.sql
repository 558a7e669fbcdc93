-- Campaigns (BK-7): a send that fails never holds the queue. send_failure: why the job put the
-- campaign back to draft ({code, message, at}), until it is queued again; send_attempts and
-- retry_at: tries that failed for a reason outside the campaign, and when the next may start.
ALTER TABLE campaigns ADD COLUMN send_failure jsonb;
ALTER TABLE campaigns ADD COLUMN send_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN retry_at timestamptz;
