-- Every list pages by keyset (issue 11): a subject's events are listed newest first, and two
-- events may share a time, so each gets a unique, increasing id as the tiebreaker of the cursor.
-- A sequence default (not an identity column) so it works on partitioned tables before PG 17.
CREATE SEQUENCE events_id_seq AS bigint;
ALTER TABLE events ADD COLUMN id bigint NOT NULL DEFAULT nextval('events_id_seq');
ALTER SEQUENCE events_id_seq OWNED BY events.id;
