// EN-12: how identity documents write a name from another script in Latin letters. any-ascii
// reads Юлия as "Yuliya" and Παπαδόπουλος as "Papadopoylos"; the passports say IULIIA and
// PAPADOPOULOS. Each reading below turns the letters of one script and leaves every other
// character as it is, for any-ascii to read afterwards. Pure.
//
// Sources, so a reviewer can check every letter:
// - Cyrillic: ICAO Doc 9303 "Machine Readable Travel Documents", Part 3, section 6, the table
//   "Transliteration of Cyrillic characters", with the exceptions it lists per language
//   (Belarusian, Bulgarian, Macedonian, Ukrainian). Serbian documents print Serbian's own Latin
//   alphabet (Ђ -> Đ -> DJ, Ж -> Ž -> Z, Ћ/Ч -> Ć/Č -> C), which is the Serbian reading here.
// - Greek: Doc 9303 leaves it to the issuing state; Greece and Cyprus write ELOT 743 (ISO 843,
//   type 2), as the Hellenic Police's passport converter applies it: digraphs first, αυ/ευ/ηυ
//   as v before a vowel or voiced consonant and f otherwise, μπ as b at a word's edge.

import anyAscii from 'any-ascii';
import { toRomaji } from 'wanakana';

type Table = Readonly<Record<string, string>>;

/** ICAO Doc 9303 Part 3, Cyrillic, lower case (the names are case-folded before they get here). */
// biome-ignore format: a transliteration table reads best as a table
const ICAO_CYRILLIC: Table = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', ђ: 'd', ѓ: 'g', е: 'e', ё: 'e', є: 'ie',
  ж: 'zh', з: 'z', ѕ: 'dz', и: 'i', і: 'i', ї: 'i', й: 'i', ј: 'j', к: 'k', ќ: 'k', л: 'l',
  љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'c', у: 'u',
  ў: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', џ: 'dz', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y',
  ь: '', э: 'e', ю: 'iu', я: 'ia', ѫ: 'u',
  // Kazakh letters, as Kazakhstan's passports write them.
  ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h',
};

/** Doc 9303's exceptions per language, and Serbian's own Latin alphabet (see above). */
const LANGUAGE_EXCEPTIONS: readonly Table[] = [
  { г: 'h', ё: 'io' }, // Belarusian
  { щ: 'sht' }, // Bulgarian
  { ѓ: 'gj', ќ: 'kj', х: 'h', ц: 'c' }, // Macedonian
  { ђ: 'dj', ж: 'z', х: 'h', ц: 'c', ч: 'c', ћ: 'c', ш: 's' }, // Serbian
  { г: 'h', и: 'y' }, // Ukrainian
  { ң: 'ng' }, // Kazakh, as older passports write it
];

const CYRILLIC = /[\u0400-\u04ff]/g;

/**
 * A romanisation of Cyrillic as changes to ICAO's letters: `table` everywhere, `initial` at the
 * start of a word, `endings` at its end, `pairs` for two letters read together.
 */
export type CyrillicRomanisation = { table: Table; initial?: Table; endings?: Table; pairs?: Table };

/**
 * National romanisations that passports of these countries print instead of ICAO's letters:
 * - Bulgarian, the Transliteration Act 2009 (the Streamlined System): ъ -> a, й -> y, ю -> yu,
 *   я -> ya, х -> h, щ -> sht, and -ия at the end of a word -> ia;
 * - Ukrainian, Cabinet of Ministers Resolution No. 55 (2010): и -> y, г -> h, and at the start of
 *   a word є, ї, й, ю, я -> ye, yi, y, yu, ya (inside a word ie, i, i, iu, ia); зг -> zgh.
 * Each as [letter, at the start of a word, elsewhere].
 */
// biome-ignore format: a transliteration table reads best as a table
const NATIONAL: readonly CyrillicRomanisation[] = [
  {
    table: { ж: 'zh', й: 'y', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sht', ъ: 'a', ь: 'y', ю: 'yu', я: 'ya' },
    endings: { ия: 'ia' },
  },
  {
    table: { г: 'h', ґ: 'g', є: 'ie', и: 'y', і: 'i', ї: 'i', й: 'i', х: 'kh', ц: 'ts', щ: 'shch', ю: 'iu', я: 'ia', ь: '' },
    initial: { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' },
    pairs: { зг: 'zgh' },
  },
];

/** A case-folded name with its Cyrillic letters read as `n` says; other characters kept. */
export const nationalReading =
  (n: CyrillicRomanisation) =>
  (s: string): string => {
    let out = s;
    for (const [from, to] of Object.entries(n.endings ?? {}))
      out = out.replace(new RegExp(`${from}(?![\\u0400-\\u04ff])`, 'g'), to);
    for (const [from, to] of Object.entries(n.pairs ?? {})) out = out.replaceAll(from, to);
    return out.replace(CYRILLIC, (c, at: number) => {
      const first = at === 0 || !/[\u0400-\u04ff]/.test(out[at - 1] ?? '');
      return (first ? n.initial?.[c] : undefined) ?? n.table[c] ?? ICAO_CYRILLIC[c] ?? c;
    });
  };

const cyrillicReading =
  (table: Table) =>
  (s: string): string =>
    s.replace(CYRILLIC, (c) => table[c] ?? c);

// biome-ignore format: a transliteration table reads best as a table
const GREEK: Table = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', ϊ: 'i', κ: 'k',
  λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y',
  ϋ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};
const GREEK_DIGRAPHS: Table = { ου: 'ou', ντ: 'nt', γγ: 'ng', γκ: 'gk', γξ: 'nx', γχ: 'nch' };
const GREEK_LETTER = /[α-ωϊϋ]/;
/** After α, ε or η, υ is v before these (vowels and voiced consonants), f before any other. */
const VOICED = /[αεηιουωϊϋβγδζλμνρ]/;
const GREEK_UNIT = /[αεη]υ|μπ|ου|ντ|γγ|γκ|γξ|γχ|[α-ωϊϋ]/g;
// Accents and breathings go; the diaeresis stays, because ϊ and ϋ are not part of a digraph.
const GREEK_MARKS = /[\u0300-\u0307\u0309-\u036f]/g;

/** ELOT 743 (ISO 843 type 2), the spelling of Greek and Cypriot passports. */
export function elot743(s: string): string {
  if (!/[\u0370-\u03ff\u1f00-\u1fff]/.test(s)) return s;
  const plain = s.normalize('NFD').replace(GREEK_MARKS, '').normalize('NFC');
  return plain.replace(GREEK_UNIT, (unit: string, at: number) => {
    const before = plain[at - 1] ?? '';
    const after = plain[at + unit.length] ?? '';
    if (unit === 'μπ') return GREEK_LETTER.test(before) && GREEK_LETTER.test(after) ? 'mp' : 'b';
    if (unit.length === 2 && unit[1] === 'υ' && unit !== 'ου') {
      return `${GREEK[unit[0] as string]}${VOICED.test(after) ? 'v' : 'f'}`;
    }
    return GREEK_DIGRAPHS[unit] ?? GREEK[unit] ?? unit;
  });
}

const KANA = /[\u3040-\u30ff]/;

/**
 * Japanese passports write the Hepburn of the Ministry of Foreign Affairs: kana read by wanakana
 * (じゅ is ju, っち tch), then without long vowels (さとう is SATO, ゆうこ YUKO, おおの ONO) and with
 * ん as M before b, m and p (しんぺい is SHIMPEI). Kanji cannot be read without a dictionary of
 * names: a record in kanji matches a document only as any-ascii reads it.
 */
function hepburnPassport(s: string): string {
  if (!KANA.test(s)) return s;
  return toRomaji(s)
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/n(?=[bmp])/g, 'm')
    .replace(/ou|oo/g, 'o')
    .replace(/uu/g, 'u');
}

// Korean passports write the family name as its bearers have for generations, not as the
// Revised Romanization reads it (김 is KIM, not GIM; 이 is LEE, not I): the common spellings of
// the common family names (Statistics Korea's census list; the Ministry of Foreign Affairs'
// passport romanization guidance). The given name follows the Revised Romanization, as any-ascii.
// biome-ignore format: a transliteration table reads best as a table
const KOREAN_FAMILY_NAMES: Readonly<Record<string, readonly string[]>> = {
  김: ['kim'], 이: ['lee', 'yi', 'rhee'], 박: ['park', 'pak'], 최: ['choi', 'choe'], 정: ['jung', 'jeong', 'chung'],
  강: ['kang'], 조: ['cho', 'jo'], 윤: ['yoon', 'yun'], 장: ['jang', 'chang'], 임: ['lim', 'im'], 한: ['han'],
  오: ['oh'], 서: ['seo', 'suh'], 신: ['shin', 'sin'], 권: ['kwon'], 황: ['hwang'], 안: ['ahn', 'an'],
  송: ['song'], 류: ['ryu', 'yoo'], 유: ['yoo', 'yu'], 전: ['jeon', 'jun', 'chun'], 홍: ['hong'],
  고: ['ko', 'go'], 문: ['moon', 'mun'], 양: ['yang'], 손: ['son', 'sohn'], 배: ['bae'], 백: ['baek', 'paik'],
  허: ['heo', 'huh'], 남: ['nam'], 심: ['shim', 'sim'], 노: ['noh', 'roh'], 하: ['ha'], 곽: ['kwak'],
  성: ['sung', 'seong'], 차: ['cha'], 주: ['joo', 'ju'], 우: ['woo'], 구: ['koo', 'gu'], 민: ['min'],
  진: ['jin'], 나: ['na', 'ra'], 지: ['ji'], 엄: ['eom', 'um'], 채: ['chae'], 원: ['won'], 천: ['cheon', 'chun'],
  방: ['bang'], 공: ['kong', 'gong'], 현: ['hyun'], 함: ['ham'], 변: ['byun'], 염: ['yeom'], 여: ['yeo'],
  추: ['choo', 'chu'], 도: ['do'], 석: ['seok', 'suk'], 선: ['sun'], 설: ['seol', 'sul'], 길: ['gil', 'kil'],
  표: ['pyo'], 명: ['myung'], 기: ['ki'], 반: ['ban'], 왕: ['wang'], 금: ['keum'], 육: ['yook'], 인: ['in'],
  황보: ['hwangbo'], 남궁: ['namgoong', 'namkung'], 제갈: ['jegal'], 선우: ['sunwoo'], 독고: ['dokgo'],
};
const HANGUL = /[\uac00-\ud7a3]/;

/** A Korean name with its family name as passports write it: one reading per spelling and position. */
function koreanPassport(s: string): string[] {
  if (!HANGUL.test(s)) return [];
  const words = s.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (const [i, word] of words.entries()) {
    for (const size of [2, 1]) {
      const spellings = KOREAN_FAMILY_NAMES[word.slice(0, size)];
      if (!spellings) continue;
      for (const family of spellings) {
        const read = [...words];
        read[i] = `${family}${anyAscii(word.slice(size))}`;
        out.push(read.map((w) => anyAscii(w)).join(' '));
      }
      break;
    }
  }
  return out;
}

/** Every document reading of a case-folded name, besides any-ascii's own: each gives one or more. */
export const DOCUMENT_READINGS: readonly ((s: string) => string | readonly string[])[] = [
  cyrillicReading(ICAO_CYRILLIC),
  ...LANGUAGE_EXCEPTIONS.map((e) => cyrillicReading({ ...ICAO_CYRILLIC, ...e })),
  ...NATIONAL.map(nationalReading),
  elot743,
  hepburnPassport,
  koreanPassport,
];
