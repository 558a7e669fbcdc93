// EN-12: a name on an ID document is compared with the record as people and documents write it.
// The same person is `Großmann` on the record and `GROSSMANN` in a passport's machine-readable
// zone, `Ødegaard` and `ODEGAARD`, `Müller` and `MUELLER`, `Ĳzerman` and `IJZERMAN`, `Юлия` and
// `IULIIA`, `Παπαδόπουλος` and `PAPADOPOULOS`, `Đorđević` and `DJORDJEVIC`. Pure.
import anyAscii from 'any-ascii';
import { DOCUMENT_READINGS } from './transliteration.ts';

// ICAO Doc 9303 (part 3) writes these letters two ways in the machine-readable zone: as their
// base letter (any-ascii's reading) or expanded. German and Nordic documents use the expansion;
// Serbian ones write Đ as DJ.
const EXPANDED: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ø: 'oe', å: 'aa', đ: 'dj' };
const EXPANDABLE = /[äöüøåđ]/g;

// Anything but a letter (with its accents) or a digit is a separator: an emoji or a symbol is not
// part of a name, and any-ascii would otherwise spell it out (😀 -> ":grinning:").
const NOT_A_NAME = /[^\p{L}\p{M}\p{Nd}]+/gu;

/** What is left of a name once case, script, accents and separators no longer count. */
const letters = (s: string): string =>
  anyAscii(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const READINGS: readonly ((s: string) => string | readonly string[])[] = [(s) => s, ...DOCUMENT_READINGS];

/**
 * Every reasonable spelling of a name: symbols dropped, Unicode-normalised (NFKC, so a
 * decomposed `ü` or a ligature reads as its letters), case-folded, transliterated to Latin
 * letters by any-ascii or as identity documents do (ICAO Doc 9303 for Cyrillic, ELOT 743 for
 * Greek: transliteration.ts), with or without the ICAO expansions; spaces, hyphens, apostrophes
 * and dots dropped (the MRZ has none of them).
 */
export function nameSpellings(name: string): Set<string> {
  // Upper then lower case is Unicode full case folding for names: ß -> SS -> ss, ᾈ -> ἀι.
  const folded = name
    .replace(NOT_A_NAME, ' ')
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC');
  const expanded = folded.replace(EXPANDABLE, (c) => EXPANDED[c] ?? c);
  const spellings = new Set<string>();
  for (const form of [folded, expanded]) {
    for (const read of READINGS) {
      const readings = read(form);
      for (const r of typeof readings === 'string' ? [readings] : readings) spellings.add(letters(r));
    }
  }
  spellings.delete('');
  return spellings;
}

// A letter of a script other than Latin.
const NON_LATIN = /[^\p{Script=Latin}\P{L}]/u;

// Greek capitals drop their accents (Παπαδόπουλος is ΠΑΠΑΔΟΠΟΥΛΟΣ on a card), and folding moves
// them (ᾚ folds to ἢι): on a Greek letter, tonos, breathings and iota subscript do not count.
const GREEK_MARKS = /(\p{Script=Greek})\p{M}+/gu;

/** What is left of a name once case, accents, spacing and punctuation no longer count. */
const plain = (s: string) =>
  s
    .replace(NOT_A_NAME, '')
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFD')
    .replace(GREEK_MARKS, '$1')
    .normalize('NFKC');

/**
 * The same name when any spelling of one is a spelling of the other; an empty name matches none.
 * Two names both written in a script other than Latin are compared as written: their Latin
 * spellings may meet (류 and 유 are both YOO on a passport) while the names differ.
 */
export function sameName(a: string, b: string): boolean {
  if (NON_LATIN.test(a) && NON_LATIN.test(b)) return plain(a) !== '' && plain(a) === plain(b);
  const ours = nameSpellings(a);
  for (const s of nameSpellings(b)) if (ours.has(s)) return true;
  return false;
}
