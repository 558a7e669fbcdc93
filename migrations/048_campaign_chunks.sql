-- Campaigns (BK-7): a send proceeds in chunks of subjects (by id), each its own transaction, so
-- its progress shows while it runs and a send cut short resumes after the last chunk committed.
-- sent_through: the highest subject id judged so far; tally: the counts so far (CampaignCounts).
ALTER TABLE campaigns ADD COLUMN sent_through uuid;
ALTER TABLE campaigns ADD COLUMN tally jsonb;
-- The send job looks for a send to resume every second, as it looks at the queue.
CREATE INDEX campaigns_sending_idx ON campaigns (id) WHERE status = 'sending';
