// EN-12: a name on an ID document is compared with the record as people and documents write it.
// The same person is `Großmann` on the record and `GROSSMANN` in a passport's machine-readable
// zone, `Ødegaard` and `ODEGAARD`, `Müller` and `MUELLER`, `Ĳzerman` and `IJZERMAN`. Pure.
import anyAscii from 'any-ascii';

// ICAO Doc 9303 (part 3) writes these letters two ways in the machine-readable zone: as their
// base letter (any-ascii's reading) or expanded. German and Nordic documents use the expansion.
const EXPANDED: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ø: 'oe', å: 'aa' };
const EXPANDABLE = /[äöüøå]/g;

/** What is left of a name once case, script, accents and separators no longer count. */
const letters = (s: string): string =>
  anyAscii(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * Every reasonable spelling of a name: Unicode-normalised (NFKC, so a decomposed `ü` or a
 * ligature reads as its letters), case-folded, transliterated to Latin letters with any-ascii,
 * with or without the ICAO expansions; spaces, hyphens, apostrophes and dots dropped (the MRZ
 * has none of them).
 */
export function nameSpellings(name: string): Set<string> {
  // Upper then lower case is Unicode full case folding for names: ß -> SS -> ss, ᾈ -> ἀι.
  const folded = name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
  const expanded = folded.replace(EXPANDABLE, (c) => EXPANDED[c] ?? c);
  return new Set([letters(folded), letters(expanded)].filter((s) => s.length > 0));
}

/** The same name when any spelling of one is a spelling of the other; an empty name matches none. */
export function sameName(a: string, b: string): boolean {
  const ours = nameSpellings(a);
  for (const s of nameSpellings(b)) if (ours.has(s)) return true;
  return false;
}
