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
    expect(check(null, { customerSince: '2099-01-01' })).toMatch(/customerSince is in the future/);
    expect(check(null, { lifecycle: 'former', contractEndedOn: '2031-01-01' })).toMatch(
      /contractEndedOn is in the future/,
    );
    expect(checkSubject(null, facts({}), ['self'], 'someone', '2026-06-15')).toMatch(/unknown controller/);
  });

  it('lists changed fields for the audit digest', () => {
    expect(changedFields({ lifecycle: 'former', identity: { email: null } })).toEqual([
      'identity.email',
      'lifecycle',
    ]);
  });

  describe('what a lifecycle change records besides itself (behaviour judged by the lifecycle it happened in)', () => {
    const now = new Date('2026-06-15T10:00:00.123Z');
    it('a prospect who becomes a customer is one from this instant, whatever day they state', () => {
      expect(lifecycleEffects('prospect', { lifecycle: 'customer' }, now)).toEqual({
        customerSince: '2026-06-15',
        customerFrom: now,
      });
      for (const customerSince of ['2026-06-15', '2026-06-01'])
        expect(lifecycleEffects('prospect', { lifecycle: 'customer', customerSince }, now)).toEqual({
          customerFrom: now,
        });
    });
    it('a former customer who returns does so now; the ended contract no longer describes them; customerSince stays', () => {
      expect(lifecycleEffects('former', { lifecycle: 'customer' }, now)).toEqual({
        returnedAt: now,
        contractEndedOn: null,
      });
      expect(lifecycleEffects('former', { lifecycle: 'customer', customerSince: '2020-01-01' }, now)).toEqual(
        {
          returnedAt: now,
          contractEndedOn: null,
        },
      );
    });
    it('a customer who leaves does so now', () => {
      expect(
        lifecycleEffects('customer', { lifecycle: 'former', contractEndedOn: '2026-06-15' }, now),
      ).toEqual({
        leftAt: now,
      });
    });
    it('a change that is not a move records nothing: rewriting customerSince opens no past', () => {
      expect(lifecycleEffects('customer', {}, now)).toEqual({});
      expect(lifecycleEffects('customer', { customerSince: '2001-01-01' }, now)).toEqual({});
      expect(lifecycleEffects('customer', { lifecycle: 'customer', customerSince: null }, now)).toEqual({});
    });
    it('on create, the past Garde is told of: a customer from the day stated, a former one gone after the day their contract ended', () => {
      expect(lifecycleEffects(null, { lifecycle: 'customer' }, now)).toEqual({ customerFrom: now });
      expect(lifecycleEffects(null, { lifecycle: 'prospect' }, now)).toEqual({});
      expect(lifecycleEffects(null, { lifecycle: 'customer', customerSince: '2020-01-01' }, now)).toEqual({
        customerFrom: new Date('2020-01-01T00:00:00.000Z'),
      });
      expect(
        lifecycleEffects(
          null,
          { lifecycle: 'former', customerSince: '2020-01-01', contractEndedOn: '2025-12-31' },
          now,
        ),
      ).toEqual({
        customerFrom: new Date('2020-01-01T00:00:00.000Z'),
        leftAt: new Date('2026-01-01T00:00:00.000Z'),
      });
    });
  });
});
