import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MESSAGE_IDS } from '../words/messages.ts';
import { type PolicyProblem, parsePolicy } from './load.ts';
import type { Policy } from './schema.ts';

const MINIMAL = parse(readFileSync('test/fixtures/minimal-policy.yaml', 'utf8')) as Policy;

/** The minimal policy with `change` applied, as the loader reads it. */
function load(change: (doc: Policy) => void) {
  const doc = structuredClone(MINIMAL);
  change(doc);
  return parsePolicy(stringify(doc), 'policies/test.yaml');
}
const problems = (r: ReturnType<typeof load>): PolicyProblem[] => (r.ok ? [] : r.problems);

/** Every text of the minimal policy, per language. */
function translate(doc: Policy, make: (text: string) => Record<string, string>) {
  doc.policy.title = make(String(doc.policy.title));
  for (const list of [doc.dataSubjects, doc.consentInterfaces ?? [], doc.categories, doc.purposes])
    for (const item of list) item.description = make(String(item.description));
}

const speaking = (languages: string[]) => (d: Policy) => {
  d.policy.languages = languages;
};

describe('policy check: every declared language is complete', () => {
  it('a policy that speaks one language Garde knows needs nothing more (de)', () => {
    expect(problems(load(speaking(['de'])))).toEqual([]);
  });

  it('a missing word fails, naming the language and the message', () => {
    const all = Object.fromEntries(MESSAGE_IDS.map((id) => [id, `[it] ${id}`]));
    delete all['report.title'];
    const found = problems(
      load((d) => {
        d.policy.languages = ['it'];
        d.texts = { it: all };
      }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ key: 'texts.it.report.title', rule: 'language-complete' });
    expect(found[0]?.message).toContain('"it"');
    expect(found[0]?.message).toContain('"report.title"');
  });

  it('a language nobody gave words for fails once, saying what to supply', () => {
    const found = problems(load(speaking(['pl'])));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ key: 'policy.languages[0]', rule: 'language-complete' });
    expect(found[0]?.message).toMatch(/no words in "pl".*texts\.pl.*policy\.fallbacks\.pl/);
  });

  it('a declared fallback completes a language: its texts and Garde’s words', () => {
    const r = load((d) => {
      d.policy.languages = ['en', 'pl'];
      d.policy.fallbacks = { pl: 'en' };
      d.texts = { pl: { 'report.title': 'Twoje dane osobowe' } };
      translate(d, (text) => ({ en: text }));
    });
    expect(problems(r)).toEqual([]);
  });

  it('a translated text missing a declared language fails, naming the path and the language', () => {
    const found = problems(
      load((d) => {
        d.policy.languages = ['fr', 'de'];
        translate(d, (text) => ({ fr: text, de: text }));
        (d.purposes[0] as Policy['purposes'][number]).description = { fr: 'Exécuter le contrat' };
      }),
    );
    expect(found.map((p) => [p.key, p.message])).toEqual([
      ['purposes[contract].description', 'no "de" text'],
    ]);
  });

  it('a translated text inside a key of several shapes is checked too (a transfer safeguard’s copy)', () => {
    const found = problems(
      load((d) => {
        d.policy.languages = ['fr', 'de'];
        translate(d, (text) => ({ fr: text, de: text }));
        const recipient = d.recipients[0] as Policy['recipients'][number];
        recipient.country = 'US';
        recipient.safeguard = { mechanism: 'scc', copy: { fr: 'Sur demande au DPO' } };
      }),
    );
    expect(found.map((p) => [p.key, p.message])).toEqual([
      ['recipients[mail-house].safeguard.copy', 'no "de" text'],
    ]);
  });

  it('plain text counts in every language only when the policy speaks one', () => {
    const found = problems(load(speaking(['en', 'fr'])));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.rule === 'language-complete')).toBe(true);
    expect(found.map((p) => p.key)).toContain('policy.title');
    expect(found[0]?.message).toContain('plain text in a policy that speaks en, fr');
  });

  it('refuses words for an undeclared language, an unknown message, a wrong argument, a bad fallback', () => {
    const found = problems(
      load((d) => {
        d.policy.languages = ['en', 'de'];
        d.policy.fallbacks = { de: 'nl', en: 'en' };
        translate(d, (text) => ({ en: text, de: text }));
        d.texts = {
          nl: { 'report.title': 'Uw gegevens' },
          de: { 'report.tilte': 'Ihre Daten', 'report.heldBy': 'Daten bei {verantwortlicher}' },
        };
      }),
    );
    const byKey = Object.fromEntries(found.map((p) => [p.key, p.message]));
    expect(byKey['texts.nl']).toContain('does not declare');
    expect(byKey['texts.de.report.tilte']).toContain('no message of Garde');
    expect(byKey['texts.de.report.heldBy']).toContain('{verantwortlicher}');
    expect(byKey['policy.fallbacks.de']).toContain('"nl", which is not a declared language');
    expect(byKey['policy.fallbacks.en']).toContain('a loop');
  });
});
