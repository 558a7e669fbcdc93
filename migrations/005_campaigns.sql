-- Campaigns (BK-7, issue: communications): an audience, a channel, a sender, a message class;
-- previewed, then sent once with set-based cap reservation.
CREATE TABLE campaigns (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  purpose       text NOT NULL,
  channel       text NOT NULL,
  message_class text NOT NULL,
  sender        text,
  domain        text,
  content_ref   text NOT NULL,
  -- {lifecycles?: [], holdings?: [product codes], themes?: [theme ids]}
  audience      jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sending', 'sent')),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL,
  sent_at       timestamptz,
  result        jsonb
);

ALTER TABLE communications ADD COLUMN campaign_id uuid;
CREATE INDEX communications_campaign_idx ON communications (campaign_id) WHERE campaign_id IS NOT NULL;
