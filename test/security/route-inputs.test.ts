// What a route may accept is bounded by its declaration, so no value reaches a store that
// JavaScript or PostgreSQL cannot hold: every integer within the safe range (a bigint id never
// beyond 2^53 - 1), every text with a length limit (an index refuses a key over ~2.7 kB), every
// list and map with a size limit. A new route, or a field another engineer adds, is checked here.
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/routes.ts';

import type { SchemaNode as Schema } from '../support/fuzz-inputs.ts';

// Formats whose own grammar bounds their length.
const BOUNDED_FORMATS = new Set(['uuid', 'date', 'date-time', 'calendar-period']);
// A pattern without *, + or {n,} (escaped characters aside) matches a bounded number of them.
const boundedPattern = (p: unknown) => typeof p === 'string' && !/[*+]|\{\d+,\}/.test(p.replace(/\\./g, ''));

function unbounded(s: Schema | undefined, at: string): string[] {
  if (!s || s.enum || 'const' in s) return [];
  if (s.anyOf) return s.anyOf.flatMap((x) => unbounded(x, at));
  switch (s.type) {
    case 'integer': {
      const ok = Number(s.minimum) >= Number.MIN_SAFE_INTEGER && Number(s.maximum) <= Number.MAX_SAFE_INTEGER;
      return ok ? [] : [`${at}: an integer without a minimum and maximum in the safe range`];
    }
    case 'string': {
      const ok =
        s.maxLength !== undefined || BOUNDED_FORMATS.has(String(s.format)) || boundedPattern(s.pattern);
      return ok ? [] : [`${at}: text without maxLength`];
    }
    case 'array':
      return [
        ...(s.maxItems === undefined ? [`${at}: a list without maxItems`] : []),
        ...unbounded(s.items, `${at}/*`),
      ];
    case 'object':
      return [
        ...Object.entries(s.properties ?? {}).flatMap(([k, v]) => unbounded(v, `${at}/${k}`)),
        ...Object.values(s.patternProperties ?? {}).flatMap((v) => {
          const names = s.propertyNames as { maxLength?: number } | undefined;
          const own = s.maxProperties === undefined || names?.maxLength === undefined;
          return [
            ...(own ? [`${at}: a map without maxProperties and propertyNames.maxLength`] : []),
            ...unbounded(v, `${at}/*`),
          ];
        }),
      ];
    default:
      return [];
  }
}

describe('route inputs', () => {
  it('every value a route accepts is bounded: integers in the safe range, text, lists and maps by size', () => {
    const problems = ROUTES.flatMap((r) =>
      (['params', 'querystring', 'headers', 'body'] as const).flatMap((part) =>
        unbounded((r.schema as unknown as Record<string, Schema>)[part], `${r.method} ${r.url} ${part}`),
      ),
    );
    expect(problems).toEqual([]);
  });
});
