-- Issue 17: the policies that have been in force, so a change is recorded once and consents given
-- under an earlier notice whose purpose has since widened stop counting (Art. 7(1), 13(3)).
-- One row each time a different policy comes into force (a server starts on it): going back to
-- an older policy is a new row. `content` is the parsed policy (no personal data), so the
-- change from any earlier one can be worked out again (src/policy/diff.ts). `content_hash`
-- identifies it: the same version string with other content is another policy.
CREATE TABLE policy_versions (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  policy_id      text NOT NULL,
  version        text NOT NULL,
  content_hash   text NOT NULL,
  content        jsonb NOT NULL,
  in_force_from  timestamptz NOT NULL,
  -- The material change kinds from the policy before it, and the consent purposes it renews.
  changes        jsonb NOT NULL DEFAULT '[]',
  renew_consent  text[] NOT NULL DEFAULT '{}'
);
-- Two processes starting on the same new policy record it once: only the advisory lock
-- (LOCKS.policyVersions) ensures that, the second reading under it the head the first wrote.
-- This index cannot refuse a duplicate head (two processes start at different instants); it
-- serves the history's read in time order.
CREATE UNIQUE INDEX policy_versions_from_idx ON policy_versions (in_force_from, content_hash);

-- The consent records that answer carry when they were made (consents.updated_at, already
-- there); a consent is outdated when the policy in force at that time differs from the current
-- one in a way that renews its purpose. Consents made before any policy was recorded are taken
-- as given under the first one recorded. The re-consent report reads the projection by purpose
-- and time:
CREATE INDEX consents_purpose_updated_idx ON consents (purpose, updated_at, subject_id) WHERE state = 'given';
