-- Consent interfaces are the policy's (issue 13): a choice's `source` is an id the policy declares
-- in consentInterfaces (an app, a kiosk), or Garde's own api and gpc, so the database no longer
-- lists them. It still refuses what is no id. Rows written before keep their words (portal,
-- agent, letter, email), which the receipt still reads.
ALTER TABLE consent_events DROP CONSTRAINT consent_events_source_check,
  ADD CONSTRAINT consent_events_source_check CHECK (source ~ '^[a-z][a-z0-9-]{0,99}$');
ALTER TABLE objection_events DROP CONSTRAINT objection_events_source_check,
  ADD CONSTRAINT objection_events_source_check CHECK (source ~ '^[a-z][a-z0-9-]{0,99}$');
ALTER TABLE restriction_events DROP CONSTRAINT restriction_events_source_check,
  ADD CONSTRAINT restriction_events_source_check CHECK (source ~ '^[a-z][a-z0-9-]{0,99}$');
ALTER TABLE subscription_events DROP CONSTRAINT subscription_events_source_check,
  ADD CONSTRAINT subscription_events_source_check CHECK (source ~ '^[a-z][a-z0-9-]{0,99}$');
