-- Issue 6: data-subject requests (EN-11..EN-14, BK-16), legal holds, erasure notices to
-- recipients, and the one controlled way erasure and retention may change append-only ledgers.

CREATE TABLE rights_requests (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Cleared when the subject is erased: the request itself is kept as proof it was honoured,
  -- under the subject's pseudonym.
  subject_id        uuid REFERENCES subjects (id) ON DELETE SET NULL,
  subject_pseudonym uuid NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'restriction',
                                                   'objection', 'portability', 'withdraw-consent')),
  channel           text NOT NULL,
  status            text NOT NULL CHECK (status IN ('received', 'verified', 'completed', 'rejected', 'routed')),
  received_at       timestamptz NOT NULL,
  due_at            timestamptz NOT NULL,
  extended_at       timestamptz,
  extension_reason  text,
  -- The verification outcome and the fields it compared; never the ID document itself (EN-12).
  verification      jsonb,
  routed_to         text,
  details           jsonb NOT NULL DEFAULT '{}',
  outcome           jsonb,
  closed_at         timestamptz,
  created_by        text NOT NULL,
  version           integer NOT NULL DEFAULT 1
);
CREATE INDEX rights_requests_open_idx ON rights_requests (due_at) WHERE closed_at IS NULL;
CREATE INDEX rights_requests_subject_idx ON rights_requests (subject_id);

CREATE TABLE rights_request_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES rights_requests (id) ON DELETE CASCADE,
  status     text NOT NULL,
  note       text,
  actor      text NOT NULL,
  at         timestamptz NOT NULL
);
CREATE INDEX rights_request_events_request_idx ON rights_request_events (request_id, id);

-- A hold keeps a subject's data (one category, or all) past erasure and retention, e.g. during
-- litigation. Legal obligations declared in the policy (billing 10 years) need no hold row.
CREATE TABLE legal_holds (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id  uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  category    text,
  reason      text NOT NULL,
  until       date,
  placed_by   text NOT NULL,
  placed_at   timestamptz NOT NULL,
  released_at timestamptz
);
CREATE INDEX legal_holds_subject_idx ON legal_holds (subject_id) WHERE released_at IS NULL;

-- Outbox: every recipient that received the subject's data is told to erase it. The subject id
-- is kept only until delivery.
CREATE TABLE erasure_notices (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id   uuid NOT NULL REFERENCES rights_requests (id),
  recipient    text NOT NULL,
  subject_id   uuid,
  categories   text[] NOT NULL,
  created_at   timestamptz NOT NULL,
  delivered_at timestamptz,
  CHECK ((delivered_at IS NULL) = (subject_id IS NOT NULL))
);
CREATE INDEX erasure_notices_pending_idx ON erasure_notices (id) WHERE delivered_at IS NULL;

-- Ledgers stay append-only, except inside a transaction that erasure or retention marks with
-- SET LOCAL garde.erasure = 'on': the only code that does is src/rights/erasure-store.ts and
-- src/retention/store.ts.
CREATE OR REPLACE FUNCTION garde_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('garde.erasure', true) = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE INDEX consent_events_recorded_idx ON consent_events (recorded_at);
CREATE INDEX communications_sent_idx ON communications (sent_at);
