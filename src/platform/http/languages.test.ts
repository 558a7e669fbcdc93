import { describe, expect, it } from 'vitest';
import { askedLanguages } from './languages.ts';

describe('the languages a request asks for', () => {
  it('puts the language parameter first, then Accept-Language by preference, "*" asking for none', () => {
    expect(askedLanguages('nl', { 'accept-language': 'fr-BE;q=0.5, de, *;q=0.1' })).toEqual({
      language: 'nl',
      accepted: ['de', 'fr-BE'],
    });
  });

  it('asks for nothing without either (a fetch client sends "*")', () => {
    expect(askedLanguages(undefined, {})).toEqual({ language: undefined, accepted: [] });
    expect(askedLanguages(undefined, { 'accept-language': '*' })).toEqual({
      language: undefined,
      accepted: [],
    });
  });
});
