-- Audit outbox: a write records its audit entry here, in its own transaction, without taking
-- the chain's head lock; the chainer links pending entries into audit_log in batches. The head
-- lock was held across every audited commit and serialised all writers (about 1,000/s).
CREATE TABLE audit_pending (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor         text NOT NULL,
  action        text NOT NULL,
  subject_id    uuid,
  change_digest text NOT NULL
);
CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
  FOR EACH ROW EXECUTE FUNCTION garde_append_only();
