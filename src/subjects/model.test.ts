import { describe, expect, it } from 'vitest';
import { changedFields, checkSubject, type SubjectFacts } from './model.ts';

const facts = (f: Partial<SubjectFacts>): SubjectFacts => ({
  lifecycle: 'customer',
  customerSince: '2020-01-01',
  contractEndedOn: null,
  birthDate: null,
  ...f,
});
const check = (before: Partial<SubjectFacts> | null, after: Partial<SubjectFacts>) =>
  checkSubject(before && facts(before), facts(after), ['self', 'partner'], 'self', '2026-06-15');

describe('subject lifecycle (EN-3)', () => {
  it('moves prospect -> customer -> former -> customer', () => {
    expect(check({ lifecycle: 'prospect', customerSince: null }, { lifecycle: 'customer' })).toBeNull();
    expect(
      check({ lifecycle: 'customer' }, { lifecycle: 'former', contractEndedOn: '2025-01-01' }),
    ).toBeNull();
    expect(
      check(
        { lifecycle: 'former', contractEndedOn: '2025-01-01' },
        { lifecycle: 'customer', contractEndedOn: '2025-01-01' },
      ),
    ).toBeNull();
  });

  it('never goes back to prospect, and a former customer has an end date', () => {
    expect(check({ lifecycle: 'customer' }, { lifecycle: 'prospect', customerSince: null })).toMatch(
      /customer to prospect/,
    );
    expect(check({ lifecycle: 'customer' }, { lifecycle: 'former' })).toMatch(/contractEndedOn/);
  });

  it('refuses impossible dates and unknown controllers', () => {
    expect(check(null, { contractEndedOn: '2019-01-01' })).toMatch(/before customerSince/);
    expect(check(null, { birthDate: '2030-01-01' })).toMatch(/future/);
    expect(checkSubject(null, facts({}), ['self'], 'someone', '2026-06-15')).toMatch(/unknown controller/);
  });

  it('lists changed fields for the audit digest', () => {
    expect(changedFields({ lifecycle: 'former', identity: { email: null } })).toEqual([
      'identity.email',
      'lifecycle',
    ]);
  });
});
