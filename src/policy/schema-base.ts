// The building blocks every part of the policy format shares: identifiers, texts, durations.
import { Type as T } from 'typebox';
import { DURATION_PATTERN } from './duration-pattern.ts';

export const Id = T.String({
  pattern: '^[a-z][a-z0-9-]*$',
  description: 'A lower-case kebab-case identifier.',
});
export const ClauseRefs = T.Optional(
  T.Array(T.String({ pattern: '^[A-Z]{2,4}-[0-9]+[a-z]?(\\([a-z]\\))?$' }), {
    description: 'Clause IDs of the source policy that this entry states (e.g. BK-7, EN-6(c)).',
  }),
);
export const Text = T.String({ minLength: 1 });
// Only language codes: a key like "forms and contracts" is text that YAML cut at a comma.
/** Plain text, or a map of language code to text, with what it says. */
export const localized = (description = 'Plain text, or a map of language code to text.') =>
  T.Union(
    [
      Text,
      T.Record(T.String({ pattern: '^[a-z]{2}$' }), Text, { additionalProperties: false, minProperties: 1 }),
    ],
    { description },
  );
export const Localized = localized();
export const Duration = T.String({
  pattern: DURATION_PATTERN,
  description: 'ISO 8601 duration, e.g. P1Y, P12M, P30D, PT15M.',
});
export const COUNTRY_PATTERN = '^[A-Z]{2}$';
export const Country = T.String({
  pattern: COUNTRY_PATTERN,
  description: 'ISO 3166-1 alpha-2 country code.',
});
