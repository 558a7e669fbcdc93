// The offer model's features and words come from the policy in force, not from the examples
// (issue 13, part 3): the region is the controller's country and a postal code's first
// character, and only where the profiling purpose covers a postal code.
import { describe, expect, it } from 'vitest';
import { loadPolicyOrThrow } from '../runtime.ts';
import { wordsIn } from '../words/words.ts';
import { explainPropensity, featureNames, features } from './model.ts';

const telecom = await loadPolicyOrThrow('test/fixtures/telecom-policy.yaml');
const now = new Date('2026-06-15T10:00:00Z');
const person = { interests: new Map(), holdings: new Set<string>(), birthDate: '1990-05-01' };

describe('the offer model under a policy unlike the examples', () => {
  it('reads a region from the controller country and the postal code, where the profiling covers it', () => {
    const names = featureNames(telecom);
    expect(names.filter((n) => n.startsWith('region:'))).toEqual(
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => `region:IT-${d}`),
    );
    const on = (f: object) =>
      names.filter((_, i) => features(names, { ...person, postalCode: null, ...f }, now)[i] === 1);
    expect(on({ postalCode: '20121' })).toEqual(['age:30-44', 'region:IT-2']);
    expect(on({ postalCode: '20121', country: 'IT' })).toContain('region:IT-2');
    // The same digits in another country are not the same region.
    expect(on({ postalCode: '20121', country: 'FR' })).toEqual(['age:30-44']);
  });

  it('has no region and no age band when the profiling purpose covers neither field', async () => {
    for (const file of ['policies/retail-bank.yaml', 'policies/energy-services.yaml']) {
      const policy = await loadPolicyOrThrow(file);
      expect(featureNames(policy).some((n) => n.startsWith('region:'))).toBe(false);
    }
    const noBirthDate = {
      ...telecom,
      categories: telecom.categories.map((c) => ({
        ...c,
        fields: c.fields.filter((f) => f.name !== 'birthDate' && f.name !== 'postalCode'),
      })),
    };
    expect(featureNames(noBirthDate).filter((n) => /^(age|region):/.test(n))).toEqual([]);
  });

  it('explains a region in words that name the country, not a numbering plan', () => {
    const names = featureNames(telecom);
    const x = features(names, { ...person, birthDate: null, postalCode: '20121' }, now);
    const weights = names.map((n) => (n === 'region:IT-2' ? 2 : 0));
    expect(explainPropensity({ weights }, names, x, wordsIn(telecom, 'en'))).toEqual([
      'your region (postal codes starting with 2, IT)',
    ]);
  });
});
