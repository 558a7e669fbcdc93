-- Consent per channel, judged at the time (issue 11; BK-1, BK-11, BK-16, EN-9, EN-11).
--
-- consents.given_since: since when a `given` record has held without a break, so behaviour is
-- judged at the time it happened (an event from before the consent is not covered by it).
-- consents.under_gpc / consent_events.gpc / objection_events.gpc: the browser sent Global
-- Privacy Control with the request that made the record. GPC is honoured once against what was
-- given without it; a choice the person makes while sending it stands (recorded with both facts).
ALTER TABLE consents ADD COLUMN given_since timestamptz;
ALTER TABLE consents ADD COLUMN under_gpc boolean NOT NULL DEFAULT false;

-- The start of each current `given` run, from the ledger.
UPDATE consents c SET given_since = coalesce((
  SELECT min(e.recorded_at) FROM consent_events e
  WHERE e.subject_id = c.subject_id AND e.purpose = c.purpose AND e.channel = c.channel AND e.state = 'given'
    AND e.id > coalesce((SELECT max(x.id) FROM consent_events x
                         WHERE x.subject_id = c.subject_id AND x.purpose = c.purpose AND x.channel = c.channel
                           AND x.state <> 'given'), 0)), c.updated_at)
WHERE c.state = 'given';

-- A purpose-wide record replaces the channel records before it. Until now channel records were
-- ignored by every decision, so dropping the superseded ones keeps those decisions; the newer
-- ones (an e-mail unsubscribe after a general consent) now take effect. The ledger keeps all.
DELETE FROM consents c USING consents w
WHERE c.channel <> '' AND w.subject_id = c.subject_id AND w.purpose = c.purpose AND w.channel = ''
  AND w.event_id > c.event_id;

ALTER TABLE consent_events DISABLE TRIGGER consent_events_append_only;
ALTER TABLE consent_events ADD COLUMN gpc boolean NOT NULL DEFAULT false;
UPDATE consent_events SET gpc = true WHERE source = 'gpc';
ALTER TABLE consent_events ENABLE TRIGGER consent_events_append_only;
UPDATE consents c SET under_gpc = e.gpc FROM consent_events e WHERE e.id = c.event_id;

ALTER TABLE objection_events DISABLE TRIGGER objection_events_append_only;
ALTER TABLE objection_events ADD COLUMN gpc boolean NOT NULL DEFAULT false;
UPDATE objection_events SET gpc = true WHERE source = 'gpc';
ALTER TABLE objection_events ENABLE TRIGGER objection_events_append_only;
