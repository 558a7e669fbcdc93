-- Which database this is (issue 11): files kept beside a database, such as the demo keys, are
-- named after it, so keys made in one database (the embedded one, a test server) are never
-- shown as the keys of another, where they would not work.
CREATE TABLE instance (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  instance_id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO instance DEFAULT VALUES;
