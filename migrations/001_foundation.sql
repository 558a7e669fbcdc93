-- Foundation: subjects and their business data, API keys, the audit chain, idempotency.
-- Every personal row carries subject_id so access, portability and erasure are one indexed
-- sweep per table (DESIGN §1).

CREATE TABLE subjects (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_ref      text UNIQUE,
  -- EN-3: prospects (future), customers (current) and former customers.
  lifecycle         text NOT NULL CHECK (lifecycle IN ('prospect', 'customer', 'former')),
  -- EN-2: 'self', or the partner controller for whom we process this subject's data.
  controller        text NOT NULL DEFAULT 'self',
  customer_since    date,
  -- EN-10: the clock of the former-customer window and of contract retention.
  contract_ended_on date,
  -- EN-10: the clock of the prospect window (12 months after the last contact).
  last_contact_at   timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  CHECK (lifecycle <> 'former' OR contract_ended_on IS NOT NULL)
);
CREATE INDEX subjects_lifecycle_idx ON subjects (lifecycle);

-- EN-5 identification data. The ID-card number is AES-256-GCM ciphertext, never plain text.
CREATE TABLE identities (
  subject_id   uuid PRIMARY KEY REFERENCES subjects (id) ON DELETE CASCADE,
  given_name   text,
  family_name  text,
  birth_date   date,
  email        text,
  phone        text,
  street       text,
  postal_code  text,
  city         text,
  country      text,
  language     text,
  id_card_enc  bytea,
  last_ip      text
);

CREATE TABLE contracts (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id          uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  product_code        text NOT NULL,
  started_on          date NOT NULL,
  ended_on            date,
  monthly_price_cents integer NOT NULL DEFAULT 0 CHECK (monthly_price_cents >= 0),
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX contracts_subject_idx ON contracts (subject_id);

CREATE TABLE billing_records (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id   uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  contract_id  uuid REFERENCES contracts (id) ON DELETE SET NULL,
  invoice_date date NOT NULL,
  amount_cents integer NOT NULL,
  paid_on      date,
  status       text NOT NULL CHECK (status IN ('open', 'paid', 'overdue'))
);
CREATE INDEX billing_records_subject_idx ON billing_records (subject_id);
CREATE INDEX billing_records_invoice_date_idx ON billing_records (invoice_date);

-- BK-4/BK-6: products and accounts the customer holds (themes link to these).
CREATE TABLE holdings (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id   uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  product_code text NOT NULL,
  account_ref  text NOT NULL,
  held_since   date NOT NULL,
  UNIQUE (subject_id, product_code, account_ref)
);

-- EN-5 technical data.
CREATE TABLE installations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id       uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  kind             text NOT NULL,
  serial_number    text,
  installed_year   integer,
  house_build_year integer
);
CREATE INDEX installations_subject_idx ON installations (subject_id);

-- Only a SHA-256 of each key is stored; the prefix finds the row without a scan.
CREATE TABLE api_keys (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  prefix      text NOT NULL UNIQUE,
  hash        bytea NOT NULL,
  role        text NOT NULL CHECK (role IN ('customer', 'agent', 'marketer', 'dpo', 'processor', 'admin')),
  subject_id  uuid REFERENCES subjects (id) ON DELETE CASCADE,
  scopes      text[] NOT NULL DEFAULT '{}',
  name        text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CHECK ((role = 'customer') = (subject_id IS NOT NULL))
);

-- Append-only, hash-chained: hash = sha256(canonical entry including prev_hash).
-- The head row serialises appenders; the change itself is kept only as a digest.
CREATE TABLE audit_log (
  seq           bigint PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor         text NOT NULL,
  action        text NOT NULL,
  subject_id    uuid,
  change_digest text NOT NULL,
  prev_hash     text NOT NULL,
  hash          text NOT NULL
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_id) WHERE subject_id IS NOT NULL;

CREATE TABLE audit_head (
  id   boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq  bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- A retried write with the same Idempotency-Key replays the first answer.
CREATE TABLE idempotency_keys (
  actor        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status       integer NOT NULL,
  body         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, key)
);
