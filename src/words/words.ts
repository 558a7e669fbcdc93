// Garde's words in the language of an answer. Pure: the policy says which languages it speaks,
// which of them falls back on which (`policy.fallbacks`), and may supply or override any of
// Garde's messages per language (`texts:`); the built-in catalogues give the rest.
//
// Art. 12(1), in a language the person understands: an answer is in the first language asked
// for that the policy declares, else in the policy's first declared language. Words addressed
// to the person (their access report, interests, offers, what a right means for their contract)
// ask first for the `language` parameter, then the person's recorded language, then the
// reader's Accept-Language; words for whoever asks (the decision point's reasons, a refusal)
// ask for the parameter, then Accept-Language. A text or message missing in the chosen language
// is read in its declared fallbacks, then in the policy's first language, then in English;
// `policy check` proves no declared language needs the last two (src/policy/lint-languages.ts).
import { IntlMessageFormat } from 'intl-messageformat';
import type { Policy } from '../policy/schema.ts';
import { DE } from './de.ts';
import { EN } from './en.ts';
import { FR } from './fr.ts';
import type { Catalogue, MessageArgs, MessageId } from './messages.ts';
import { NL } from './nl.ts';

/** Plain text, or a map of language code to text (the policy's Localized). */
export type Localized = string | Readonly<Record<string, string>>;

/** The languages Garde speaks without help, each complete (the type says so). */
export const BUILT_IN: Readonly<Record<string, Catalogue>> = { en: EN, fr: FR, nl: NL, de: DE };

type Languages = Pick<Policy, 'policy'> & Partial<Pick<Policy, 'texts'>>;

/** A language tag as asked ("de-CH", "FR"), as the policy writes it ("de", "fr"). */
const primary = (tag: string) => tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';

/** What a request asked for: an explicit `language`, then its Accept-Language, best first. */
export type Asked = { language?: string | undefined; accepted: readonly string[] };

export const NOTHING_ASKED: Asked = { accepted: [] };

/** The language of words addressed to the person whose `recorded` language this is. */
export const languageForPerson = (policy: Pick<Policy, 'policy'>, asked: Asked, recorded?: string | null) =>
  answerLanguage(policy, asked.language, recorded, ...asked.accepted);

/** The language of words for whoever asked. */
export const languageForReader = (policy: Pick<Policy, 'policy'>, asked: Asked) =>
  answerLanguage(policy, asked.language, ...asked.accepted);

/** The language an answer is given in: the first wanted one the policy declares, else its first. */
export function answerLanguage(
  policy: Pick<Policy, 'policy'>,
  ...wanted: (string | null | undefined)[]
): string {
  const declared = policy.policy.languages;
  for (const w of wanted) {
    const l = w ? primary(w) : '';
    if (declared.includes(l)) return l;
  }
  return declared[0] ?? 'en';
}

/** Where a text in `language` is looked for, in order: itself, its declared fallbacks, the first language, English. */
export function languageChain(policy: Pick<Policy, 'policy'>, language: string): string[] {
  const chain = declaredChain(policy, language);
  for (const l of [policy.policy.languages[0], 'en']) if (l && !chain.includes(l)) chain.push(l);
  return chain;
}

/** A language and the fallbacks the policy declares for it, transitively, never looping. */
export function declaredChain(policy: Pick<Policy, 'policy'>, language: string): string[] {
  const chain = [language];
  const fallbacks: Readonly<Record<string, string>> = policy.policy.fallbacks ?? {};
  for (let next = fallbacks[language]; next && !chain.includes(next); next = fallbacks[next])
    chain.push(next);
  return chain;
}

/** A policy text in `language`, or the nearest on its chain; plain text is the same in every language. */
export function localized(policy: Pick<Policy, 'policy'>, value: Localized, language: string): string {
  if (typeof value === 'string') return value;
  for (const l of languageChain(policy, language)) {
    const hit = value[l];
    if (hit !== undefined) return hit;
  }
  return Object.values(value)[0] ?? '';
}

/** A message's source text as `language` reads it: the policy's own words first, then Garde's. */
export function messageIn(policy: Languages, language: string, id: MessageId): string | undefined {
  return policy.texts?.[language]?.[id] ?? BUILT_IN[language]?.[id];
}

const compiled = new Map<string, IntlMessageFormat>();

/** ICU MessageFormat, compiled once per language and text; `<` is text, not a tag. */
export function compileMessage(source: string, language: string): IntlMessageFormat {
  const key = `${language}\u0000${source}`;
  let m = compiled.get(key);
  if (!m) {
    m = new IntlMessageFormat(source, language, undefined, { ignoreTag: true });
    compiled.set(key, m);
  }
  return m;
}

// Garde's English is British ("behaviour", "personalised"): its lists have no serial comma.
const LIST_LOCALE: Readonly<Record<string, string>> = { en: 'en-GB' };

/** The Intl locale a language's dates and lists are written in (English: British). */
export const localeOf = (language: string): string => LIST_LOCALE[language] ?? language;

export type Words = {
  /** The language these words are in (Content-Language). */
  language: string;
  say(id: MessageId, args?: MessageArgs): string;
  /** A policy text (a description, a name) in this language. */
  text(value: Localized): string;
  /** Items as a list in this language: "a, b and c". */
  list(items: readonly string[]): string;
  /** An ISO 8601 duration in words: P10Y -> "10 years". */
  duration(iso: string): string;
};

/** Words for whoever asked (the decision point's reasons, a refusal): languageForReader. */
export const readerWords = (policy: Languages, asked: Asked = NOTHING_ASKED): Words =>
  wordsIn(policy, languageForReader(policy, asked));

/** Garde's words for one answer, in `language` (already chosen by answerLanguage). */
export function wordsIn(policy: Languages, language: string): Words {
  const chain = languageChain(policy, language);
  const say = (id: MessageId, args: MessageArgs = {}) => {
    for (const l of chain) {
      const source = messageIn(policy, l, id);
      if (source !== undefined) return String(compileMessage(source, l).format(args));
    }
    return id;
  };
  const lists = new Intl.ListFormat(localeOf(language), { type: 'conjunction' });
  return {
    language,
    say,
    text: (value) => localized(policy, value, language),
    list: (items) => lists.format(items),
    duration: (iso) => durationInWords(iso, say, lists),
  };
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNITS = [
  [1, 'duration.years'],
  [2, 'duration.months'],
  [4, 'duration.days'],
  [5, 'duration.hours'],
  [6, 'duration.minutes'],
] as const;

function durationInWords(iso: string, say: Words['say'], lists: Intl.ListFormat): string {
  const m = DURATION.exec(iso);
  if (!m) return iso;
  const n = (i: number) => Number(m[i] ?? 0);
  const counts = [0, n(1), n(2), 0, n(3) * 7 + n(4), n(5), n(6)];
  const parts = UNITS.filter(([i]) => (counts[i] ?? 0) > 0).map(([i, id]) =>
    say(id, { count: counts[i] ?? 0 }),
  );
  // Seconds are no retention or deadline a notice states: such a duration stays as written.
  return parts.length > 0 && n(7) === 0 ? lists.format(parts) : iso;
}
