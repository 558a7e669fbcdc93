// Issue 15, BK-13: how a branch or contact-center agent finds a customer, and what the search
// tells them. Pure: the query's reading and the answer's shape; the SQL is in store.ts.
import { nameSpellings } from '../rights/names.ts';

/** At most this many words of a name are compared: a longer query narrows nothing more. */
export const MAX_NAME_WORDS = 6;
/** A part of a name shorter than this cannot use the trigram index: it only narrows the others. */
export const MIN_INDEXED_LETTERS = 3;

/**
 * A query's words as the database folds them (migrations/044_subject_search.sql, garde_fold):
 * apostrophes and dots vanish, other separators split, and anything but letters, marks and
 * digits is dropped (so no word carries a LIKE wildcard); words with digits are no names.
 */
export function queryWords(q: string): string[] {
  return (
    q
      .replace(/['’`.]+/g, '')
      .split(/[\s,;:/()_%\\-]+/)
      .map((w) => w.replace(/[^\p{L}\p{M}\p{Nd}]+/gu, ''))
      // A word with a digit is a customer number's, not a name's.
      .filter((w) => w !== '' && !/\p{Nd}/u.test(w))
      .slice(0, MAX_NAME_WORDS)
  );
}

/**
 * The spellings one word of the query may have in a stored name key. `any` may match any part
 * of a name: the database's own folding of the word and the readings identity documents give
 * (names.ts: `Müller` as `mueller`, `Юлия` as `iuliia`). `whole` matches whole words only: an
 * expanded umlaut read back (`MUELLER` as `muller`), and only for a word typed in capitals as a
 * passport's machine-readable zone prints it (ICAO 9303 part 3, 6.A): read into every word,
 * `Baert` would find `Bart` and `Maes` `Thomas`.
 */
export type WordSpellings = { any: string[]; whole: string[] };

export function wordSpellings(folded: string, raw: string): WordSpellings {
  const read = [...nameSpellings(raw)];
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
