import { describe, expect, it } from 'vitest';
import { messageProblem } from './check.ts';
import { type Catalogue, MESSAGE_IDS, MESSAGES } from './messages.ts';
import { answerLanguage, BUILT_IN, languageChain, localized, wordsIn } from './words.ts';

const policyOf = (languages: string[], extra: object = {}) =>
  ({ policy: { languages, ...extra } }) as Parameters<typeof answerLanguage>[0];

describe("Garde's words", () => {
  it.each(Object.keys(BUILT_IN))(
    'the built-in "%s" catalogue is complete, valid ICU MessageFormat, and uses only each message’s arguments',
    (language) => {
      const catalogue = BUILT_IN[language] as Catalogue;
      expect(Object.keys(catalogue).sort()).toEqual([...MESSAGE_IDS].sort());
      for (const id of MESSAGE_IDS) {
        const source = catalogue[id] as string;
        expect(messageProblem(id, source, language), `${language} ${id}`).toBeNull();
        const args = Object.fromEntries(MESSAGES[id].map((a) => [a, a === 'count' ? 2 : `<${a}>`]));
        const said = wordsIn(policyOf([language]), language).say(id, args);
        expect(said, `${language} ${id}`).not.toMatch(/[{}]/);
      }
    },
  );

  it('answers in the first language asked for that the policy declares, by its primary tag', () => {
    const p = policyOf(['fr', 'nl', 'de']);
    expect(answerLanguage(p, undefined, 'de-CH', 'nl')).toBe('de');
    expect(answerLanguage(p, 'NL-be')).toBe('nl');
  });

  it('answers an unknown or undeclared language in the policy’s first declared language', () => {
    const p = policyOf(['fr', 'nl', 'en']);
    expect(answerLanguage(p, 'ja')).toBe('fr');
    expect(answerLanguage(p, 'de', null, undefined)).toBe('fr');
    expect(answerLanguage(p)).toBe('fr');
  });

  it('reads a missing text in the declared fallbacks, then the first language, then English', () => {
    const p = policyOf(['lb', 'de', 'fr'], { fallbacks: { lb: 'de' } });
    expect(languageChain(p, 'lb')).toEqual(['lb', 'de', 'en']);
    expect(languageChain(p, 'fr')).toEqual(['fr', 'lb', 'en']);
    expect(localized(p, { de: 'Kunden', fr: 'Clients' }, 'lb')).toBe('Kunden');
    expect(localized(p, { en: 'Customers' }, 'fr')).toBe('Customers');
    expect(localized(p, 'Plain', 'fr')).toBe('Plain');
  });

  it('a message the policy supplies wins over the built-in one; a language without words reads the chain', () => {
    const p = { ...policyOf(['it', 'en']), texts: { it: { 'report.title': 'I tuoi dati' } } };
    const w = wordsIn(p as never, 'it');
    expect(w.say('report.title')).toBe('I tuoi dati');
    expect(w.say('report.why')).toBe(BUILT_IN.en?.['report.why']);
  });

  it('says durations and lists in words of the language', () => {
    const de = wordsIn(policyOf(['de']), 'de');
    expect(de.duration('P10Y')).toBe('10 Jahre');
    expect(de.duration('P1Y6M')).toBe('1 Jahr und 6 Monate');
    expect(de.duration('PT15M')).toBe('15 Minuten');
    expect(de.list(['a', 'b', 'c'])).toBe('a, b und c');
    expect(wordsIn(policyOf(['en']), 'en').list(['a', 'b', 'c'])).toBe('a, b and c');
    expect(wordsIn(policyOf(['fr']), 'fr').duration('P1M')).toBe('1 mois');
    expect(de.duration('not a duration')).toBe('not a duration');
  });

  it('refuses a supplied message that is not ICU MessageFormat or names an argument its id does not offer', () => {
    expect(messageProblem('report.heldBy', 'Dati presso {controller}', 'it')).toBeNull();
    expect(messageProblem('report.heldBy', 'Dati presso {controler}', 'it')).toContain('{controler}');
    expect(messageProblem('report.title', 'Dati {', 'it')).toContain('not valid ICU MessageFormat');
  });
});
