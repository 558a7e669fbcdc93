-- Issue 14: the customer's privacy page. The company's site (role `host`) asks for a single-use,
-- short-lived link; the link becomes a cookie session. Only sha256 of each token is stored,
-- like API keys. Erasing the subject deletes both (ON DELETE CASCADE).
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
  CHECK (role IN ('customer', 'agent', 'marketer', 'dpo', 'processor', 'admin', 'host'));

CREATE TABLE privacy_links (
  hash        bytea PRIMARY KEY,
  subject_id  uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX privacy_links_subject_idx ON privacy_links (subject_id);

CREATE TABLE privacy_sessions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hash        bytea NOT NULL UNIQUE,
  subject_id  uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  -- Moves with each use (idle timeout), never past created_at + the absolute timeout.
  expires_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE INDEX privacy_sessions_subject_idx ON privacy_sessions (subject_id);
