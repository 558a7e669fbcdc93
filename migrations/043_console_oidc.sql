-- Issue 15: an OpenID Connect sign-in under way (authorization code + PKCE). Kept server-side for
-- minutes and used once: `state` (stored as sha256) finds it, `binding` (sha256 of a cookie set
-- on the browser that started it) proves the callback comes back to that same browser, so nobody
-- can sign another person's browser in with their own login. The PKCE verifier and the nonce
-- never leave the server.
CREATE TABLE console_sign_ins (
  state_hash     bytea PRIMARY KEY,
  binding_hash   bytea NOT NULL,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX console_sign_ins_expiry_idx ON console_sign_ins (expires_at);
