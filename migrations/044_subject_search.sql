-- Issue 15, BK-13: the agent finds a customer by name, whatever the case, the accents, the
-- order of given and family names or a part of one, over a million subjects without a scan.
-- The search key is computed by the database from the name columns (a generated column), so
-- every writer (the API, a rectification, the demo's bulk load) keeps it right and an erasure
-- takes it with the row. Trigrams (pg_trgm, a trusted extension shipped with PostgreSQL and
-- PGlite) find a part of a name anywhere in it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Case and the accents of Latin letters no longer count; apostrophes and dots vanish (D'Hondt,
-- DHondt), other separators become one space. Other
-- scripts keep their letters (the application adds Latin readings of the query: names.ts).
CREATE FUNCTION garde_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT trim(regexp_replace(regexp_replace(lower(replace(replace(replace(replace(replace(replace(translate(coalesce(value, ''),
    'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćČčĎďĐđÈÉÊËèéêëĒēĖėĘęĚěÌÍÎÏìíîïĪīĮįİıŁłĹĺĽľÑñŃńŇňÒÓÔÕÖØòóôõöøŌōŐőŔŕŘřŚśŠšŞşȘșŤťȚțŢţÙÚÛÜùúûüŪūŮůŰűŲųÝýÿŸŹźŻżŽž',
    'AAAAAAaaaaaaAaAaAaCcCcCcDdDdEEEEeeeeEeEeEeEeIIIIiiiiIiIiIiLlLlLlNnNnNnOOOOOOooooooOoOoRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuYyyYZzZzZz'),
    'ß', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe'), 'Ĳ', 'ij')),
    '[''’`.]+', '', 'g'), '[\s,;:/()_%\\-]+', ' ', 'g'))
$$;

-- A person's name as one key: its folded words sorted, so "Jan Peeters" and "Peeters Jan" are
-- one name (a duplicate whichever field each word was typed in). NULL without a name.
CREATE FUNCTION garde_name_key(given text, family text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(array_to_string(ARRAY(
    SELECT w FROM unnest(string_to_array(garde_fold(coalesce(given, '') || ' ' || coalesce(family, '')), ' ')) AS w
    WHERE w <> '' ORDER BY w COLLATE "C"), ' '), '')
$$;

ALTER TABLE identities ADD COLUMN name_key text GENERATED ALWAYS AS (garde_name_key(given_name, family_name)) STORED;

-- A part of a name anywhere in the key (3 letters or more).
CREATE INDEX identities_name_trgm_idx ON identities USING gin (name_key gin_trgm_ops);
-- Possible duplicates: the same name and birth date under another subject.
CREATE INDEX identities_name_birth_idx ON identities (name_key, birth_date) WHERE name_key IS NOT NULL;
