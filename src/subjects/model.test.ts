import { describe, expect, it } from 'vitest';
import { changedFields, checkSubject, lifecycleEffects, type SubjectFacts } from './model.ts';

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
    expect(check(null, { lifecycle: 'former', contractEndedOn: '2019-01-01' })).toMatch(
      /before customerSince/,
    );
    // A returning customer's last contract ended before this relationship began.
    expect(check(null, { lifecycle: 'customer', contractEndedOn: '2019-01-01' })).toBeNull();
    expect(check(null, { birthDate: '2030-01-01' })).toMatch(/future/);
    expect(checkSubject(null, facts({}), ['self'], 'someone', '2026-06-15')).toMatch(/unknown controller/);
  });

  it('lists changed fields for the audit digest', () => {
    expect(changedFields({ lifecycle: 'former', identity: { email: null } })).toEqual([
      'identity.email',
      'lifecycle',
    ]);
  });

  describe('what a lifecycle change sets besides itself (behaviour judged by the lifecycle it happened in)', () => {
    const now = new Date('2026-06-15T10:00:00.123Z');
    it('a prospect who becomes a customer is one from this instant, unless they say since when', () => {
      expect(lifecycleEffects('prospect', { lifecycle: 'customer' }, now)).toEqual({
        customerSince: '2026-06-15',
        customerFrom: now,
      });
      expect(
        lifecycleEffects('prospect', { lifecycle: 'customer', customerSince: '2026-06-01' }, now),
      ).toEqual({
        customerFrom: new Date('2026-06-01T00:00:00.000Z'),
      });
    });
    it('a former customer who returns starts a new relationship; the ended contract no longer describes it', () => {
      expect(lifecycleEffects('former', { lifecycle: 'customer' }, now)).toEqual({
        customerSince: '2026-06-15',
        customerFrom: now,
        contractEndedOn: null,
      });
      expect(lifecycleEffects('former', { lifecycle: 'customer', customerSince: '2026-06-10' }, now)).toEqual(
        {
          customerFrom: new Date('2026-06-10T00:00:00.000Z'),
          contractEndedOn: null,
        },
      );
    });
    it('a change that is not an arrival sets nothing, and a stated day covers from its start', () => {
      expect(
        lifecycleEffects('customer', { lifecycle: 'former', contractEndedOn: '2026-06-15' }, now),
      ).toEqual({});
      expect(lifecycleEffects('customer', {}, now)).toEqual({});
      expect(lifecycleEffects(null, { lifecycle: 'customer' }, now)).toEqual({});
      expect(lifecycleEffects(null, { lifecycle: 'customer', customerSince: '2020-01-01' }, now)).toEqual({
        customerFrom: new Date('2020-01-01T00:00:00.000Z'),
      });
      expect(lifecycleEffects('customer', { customerSince: null }, now)).toEqual({ customerFrom: null });
    });
  });
});
