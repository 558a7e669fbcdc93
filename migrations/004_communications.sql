-- Commercial communications (BK-7..BK-12, BK-14, EN-10): the ledger of what was sent, and the
-- per-window counter that makes the cap an atomic reservation.

CREATE TABLE communications (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id    uuid NOT NULL,
  purpose       text NOT NULL,
  channel       text NOT NULL,
  message_class text NOT NULL,
  commercial    boolean NOT NULL,
  -- BK-8, BK-9: whether it counts toward the cap (subscriptions, banners, operational: no).
  counted       boolean NOT NULL,
  window_key    text NOT NULL,
  sender        text,
  content_ref   text NOT NULL,
  override_id   bigint,
  actor         text NOT NULL,
  sent_at       timestamptz NOT NULL
);
CREATE INDEX communications_subject_idx ON communications (subject_id, sent_at);
CREATE TRIGGER communications_append_only BEFORE UPDATE OR DELETE ON communications
  FOR EACH ROW EXECUTE FUNCTION garde_append_only();

-- BK-7: counted communications per subject and window; reserved with one conditional upsert.
CREATE TABLE cap_usage (
  subject_id uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  window_key text NOT NULL,
  used       integer NOT NULL CHECK (used >= 0),
  PRIMARY KEY (subject_id, window_key)
);

-- BK-7: the cap is a target; going over it is an override, recorded with who and why.
CREATE TABLE cap_overrides (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id uuid NOT NULL,
  window_key text NOT NULL,
  actor      text NOT NULL,
  reason     text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TRIGGER cap_overrides_append_only BEFORE UPDATE OR DELETE ON cap_overrides
  FOR EACH ROW EXECUTE FUNCTION garde_append_only();
