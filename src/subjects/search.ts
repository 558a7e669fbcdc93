// Issue 15, BK-13: how a branch or contact-center agent finds a customer, and what the search
// tells them. Pure: the query's reading and the answer's shape; the SQL is in store.ts.
import anyAscii from 'any-ascii';
import { nameSpellings } from '../rights/names.ts';
import { nationalReading } from '../rights/transliteration.ts';

/** At most this many words of a name are compared: a longer query narrows nothing more. */
export const MAX_NAME_WORDS = 6;
/** A part of a name shorter than this cannot use the trigram index: it only narrows the others. */
export const MIN_INDEXED_LETTERS = 3;

/**
 * A name's words as the database folds them (migrations/044_subject_search.sql, garde_fold):
 * apostrophes and dots vanish (D'Hondt is one word), other separators split, and anything but
 * letters, marks and digits is dropped (so no word carries a LIKE wildcard).
 */
export const nameWords = (name: string): string[] =>
  name
    .replace(/['’`.]+/g, '')
    .split(/[\s,;:/()_%\\-]+/)
    .map((w) => w.replace(/[^\p{L}\p{M}\p{Nd}]+/gu, ''))
    .filter((w) => w !== '');

/** A query's words (nameWords); words with digits are no names, and six words are enough. */
export const queryWords = (q: string): string[] =>
  nameWords(q)
    // A word with a digit is a customer number's, not a name's.
    .filter((w) => !/\p{Nd}/u.test(w))
    .slice(0, MAX_NAME_WORDS);

// How Dutch, German and English newspapers and registers write Russian or Ukrainian names, which
// is how a customer spells theirs to an agent: Дмитрий as Dmitrij (й as j, х as ch) or as Dmitry
// (й as y, ий at the end as y). Passports' own spellings are in names.ts; French spellings
// (Dmitri, Iouri) are parts of those and found as such.
const NEWSPAPER_READINGS = [
  nationalReading({ table: { й: 'j', ю: 'ju', я: 'ja', ё: 'jo', є: 'je', ї: 'ji', х: 'ch' } }),
  nationalReading({
    table: { й: 'y', ю: 'yu', я: 'ya', ё: 'yo', є: 'ye', ї: 'yi' },
    endings: { ий: 'y', ый: 'y' },
  }),
];

/**
 * Every Latin spelling of a name or a part of one, in lower-case letters and digits only (no
 * spaces: "Van den Broeck" reads as `vandenbroeck`): identity documents' (names.ts, which
 * includes any-ascii's reading of any script and `Müller` as both `muller` and `mueller`) and
 * newspapers' (Дмитрий as `dmitrij` and `dmitry`). One function for what is stored and what is
 * searched, so both sides read a name alike.
 */
export function nameReadings(name: string): string[] {
  const folded = name.normalize('NFKC').toUpperCase().toLowerCase();
  const newspaper = NEWSPAPER_READINGS.map((read) =>
    anyAscii(read(folded))
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  return [...new Set([...nameSpellings(name), ...newspaper])].filter(Boolean);
}

/** A word name_key keeps as it is: Latin letters without accents, and digits. */
const PLAIN = /^[A-Za-z0-9]+$/;

/**
 * The stored Latin readings of a person's name (identities.name_readings, migration 049), what
 * name_key does not already hold: each word's readings, unless the word is plain Latin letters
 * (name_key has it as it is), and each name of several words without its spaces, hyphens or
 * apostrophes; space-separated, so "ivanov" is a whole word of Иванов's and "vandenbroeck" of
 * Van den Broeck's. Null without a name; '' when name_key says it all.
 */
export function nameSearchKey(given: string | null, family: string | null): string | null {
  if (given === null && family === null) return null;
  const names = [given ?? '', family ?? ''];
  const readings = new Set<string>();
  for (const word of names.flatMap(nameWords))
    if (!PLAIN.test(word)) for (const r of nameReadings(word)) readings.add(r);
  // A compound name is also one word: Van den Broeck as vandenbroeck, D'Hondt-Smet as dhondtsmet.
  for (const name of names)
    if (nameWords(name).length > 1) for (const r of nameReadings(name)) readings.add(r);
  return [...readings].join(' ');
}

/**
 * The spellings one word of the query may have in a stored name key or readings. `any` may
 * match any part of a name: the database's own folding of the word (for name_key, which keeps
 * the name's script) and its Latin readings (nameReadings, as the stored readings are written:
 * `Müller` as `mueller`, `Юлия` as `iuliia`, `Дмитрий` as `dmitrij`). `whole` matches whole words only: an
 * expanded umlaut read back (`MUELLER` as `muller`), and only for a word typed in capitals as a
 * passport's machine-readable zone prints it (ICAO 9303 part 3, 6.A): read into every word,
 * `Baert` would find `Bart` and `Maes` `Thomas`.
 */
export type WordSpellings = { any: string[]; whole: string[] };

export function wordSpellings(folded: string, raw: string): WordSpellings {
  const read = nameReadings(raw);
  const any = [...new Set([folded, ...read])].filter(Boolean);
  const typedAsMrz = /\p{Lu}/u.test(raw) && raw === raw.toUpperCase();
  // The record keeps `Müller` (its key: muller); a passport's MUELLER is typed back the same way.
  const whole = typedAsMrz
    ? read.map((s) => s.replace(/([aou])e/g, '$1')).filter((s) => s && !any.includes(s))
    : [];
  return { any, whole: [...new Set(whole)] };
}

/** Whether a name search may run: one spelling of one word is long enough for the index. */
export const searchableByName = (spellings: readonly WordSpellings[]): boolean =>
  spellings.some((s) => s.any.some((w) => w.length >= MIN_INDEXED_LETTERS));

/** A customer number or a mailbox is exact; a name may match a whole word, its start or a part. */
export type MatchedBy = 'customer-number' | 'email' | 'name';

/** Why two subjects may be one person (the ids are shown, never the fields compared). */
export type DuplicateReason = 'same-name-and-birth-date' | 'same-mailbox';

/**
 * One search result, as an agent may know it (need-to-know, BK-13): who the person is by the
 * names the policy lets branch and contact-center staff see (`recipients[].fields`), and the
 * bank's customer number. No contact details, no birth date: the agent searched by one of them
 * or confirms them with the person, and duplicates are flagged instead of shown.
 */
export type SearchHit = {
  id: string;
  customerNumber: string | null;
  displayName: string | null;
  matchedBy: MatchedBy;
  possibleDuplicates: { id: string; reason: DuplicateReason }[];
};

/** The name shown for a person: given then family name, whichever exist. */
export const displayName = (given: string | null, family: string | null): string | null =>
  [given, family].filter((p) => p?.trim()).join(' ') || null;
