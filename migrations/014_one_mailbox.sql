-- One mailbox, one person (issue 11): e-mail addresses are compared case-insensitively wherever
-- identity matters. New writes are checked by the application; the unique index closes the
-- race between two writers. A database that already holds one mailbox under several subjects
-- (written before this rule) keeps a plain index: the application still refuses new
-- duplicates, and campaigns still reach each mailbox once (docs/operations.md).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM identities WHERE email IS NOT NULL GROUP BY lower(email) HAVING count(*) > 1) THEN
    RAISE NOTICE 'identities: some e-mail addresses belong to several subjects; created a plain index';
    CREATE INDEX identities_mailbox_idx ON identities (lower(email)) WHERE email IS NOT NULL;
  ELSE
    CREATE UNIQUE INDEX identities_mailbox_idx ON identities (lower(email)) WHERE email IS NOT NULL;
  END IF;
END
$$;
