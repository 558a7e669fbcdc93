-- Issue 15, BK-13: the agent finds a name written in another script by its Latin spelling
-- (Дмитрий Иванов by "ivanov" or "dmitrij"), and a compound name however it is split
-- ("vandenbroeck" finds Van den Broeck). The database cannot transliterate every script, so the
-- application writes each name's Latin readings (subjects/search.ts, nameSearchKey: any-ascii,
-- the spellings of identity documents and newspapers, each word and each name without its
-- spaces) next to it, and fills rows written before this migration when it starts
-- (subjects/subjects.ts, readStoredNames). Searched together with name_key, which keeps the
-- name's own script, so a row not read yet is still found by its name as written.
ALTER TABLE identities ADD COLUMN name_readings text;

-- One text to search, one trigram index (store.ts, NAME_TEXT): a spelling is looked up once,
-- not once per column. It replaces name_key's own trigram index (044), which only the search used.
CREATE INDEX identities_name_text_trgm_idx ON identities
  USING gin ((name_key || ' ' || coalesce(name_readings, '')) gin_trgm_ops);
DROP INDEX identities_name_trgm_idx;
-- The rows still to read: few once read, so the start-up fill finds them without a scan.
CREATE INDEX identities_unread_names_idx ON identities (subject_id)
  WHERE name_readings IS NULL AND name_key IS NOT NULL;

-- A rectified name must not stay findable under the old one (Art. 16): a change of a name that
-- does not also write its readings clears them, for the application to write again.
CREATE FUNCTION garde_forget_name_readings() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.name_readings IS NOT DISTINCT FROM OLD.name_readings THEN
    NEW.name_readings := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER identities_forget_name_readings BEFORE UPDATE OF given_name, family_name ON identities
  FOR EACH ROW WHEN ((NEW.given_name, NEW.family_name) IS DISTINCT FROM (OLD.given_name, OLD.family_name))
  EXECUTE FUNCTION garde_forget_name_readings();
