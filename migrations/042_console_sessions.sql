-- Issue 15: the staff back office at /console/. A member of staff signs in (an API key of a
-- staff role, or OpenID Connect) and gets a cookie session that acts as their role. Only sha256
-- of the cookie's token is stored, like API keys and privacy sessions. `actor` names the member
-- of staff in the audit trail (`key:<id>`, `oidc:<issuer>#<sub>`), never an anonymous session.
CREATE TABLE console_sessions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hash          bytea NOT NULL UNIQUE,
  role          text NOT NULL CHECK (role IN ('agent', 'marketer', 'dpo')),
  actor         text NOT NULL,
  display_name  text NOT NULL,
  -- The key it was opened with: revoking the key ends the session with it.
  key_id        uuid REFERENCES api_keys (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL,
  -- Moves with each use (idle timeout), never past created_at + the absolute timeout (EN-17).
  expires_at    timestamptz NOT NULL,
  ended_at      timestamptz
);
CREATE INDEX console_sessions_expiry_idx ON console_sessions (expires_at);
