import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from './json-schema.ts';

describe('published policy JSON Schema', () => {
  it('policies/garde-policy.schema.json is current (regenerate: npm run schema)', () => {
    expect(readFileSync('policies/garde-policy.schema.json', 'utf8')).toBe(policyJsonSchema());
  });
});
