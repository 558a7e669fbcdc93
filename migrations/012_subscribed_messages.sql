-- BK-8: a subscribed newsletter, alert or magazine rests on the subscription it names; the
-- campaign and every message it sends record which one.
ALTER TABLE campaigns ADD COLUMN subscription text;
ALTER TABLE communications ADD COLUMN subscription text;
