-- Campaigns (BK-7): a declared priority decides which of several campaigns waiting to be sent
-- takes a person's slot in the cap's window; a send can run as a job (queued, then sending),
-- with its progress readable while it runs.
ALTER TABLE campaigns ADD COLUMN priority integer NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 100);
ALTER TABLE campaigns ADD COLUMN queued_at timestamptz;
ALTER TABLE campaigns ADD COLUMN queued_by text;
ALTER TABLE campaigns ADD COLUMN processed integer;
ALTER TABLE campaigns ADD COLUMN total integer;
ALTER TABLE campaigns DROP CONSTRAINT campaigns_status_check;
ALTER TABLE campaigns ADD CONSTRAINT campaigns_status_check CHECK (status IN ('draft', 'queued', 'sending', 'sent'));
-- The campaigns list pages newest first; the job takes the queue by priority.
CREATE INDEX campaigns_listed_idx ON campaigns (created_at DESC, id DESC);
CREATE INDEX campaigns_queue_idx ON campaigns (priority DESC, queued_at, id) WHERE status = 'queued';
