import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, isCalendarPeriod, isInstant } from './formats.ts';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('date formats both JavaScript and PostgreSQL hold', () => {
  it('a calendar date is exactly a day that exists in years 0001 to 9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const at = new Date(0);
          at.setUTCFullYear(y, m - 1, d);
          const exists =
            y >= 1 && at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
          expect(isCalendarDate(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`)).toBe(exists);
        },
      ),
    );
  });

  it('every instant of years 0001 to 9999 is accepted as JavaScript writes it, and keeps its value', () => {
    const min = new Date('0001-01-01T00:00:00.000Z');
    const max = new Date('9999-12-31T23:59:59.999Z');
    fc.assert(
      fc.property(fc.date({ min, max, noInvalidDate: true }), (d) => {
        expect(isInstant(d.toISOString())).toBe(true);
        expect(isCalendarDate(d.toISOString().slice(0, 10))).toBe(true);
      }),
    );
  });

  it.each([
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+00:01',
    '9999-12-31T23:59:59-00:01',
    '10000-01-01T00:00:00Z',
    '2016-12-31T23:59:60Z',
    '2026-06-15T24:00:00Z',
    '2026-06-15T10:60:00Z',
    '2026-06-15T10:00:00+24:00',
    '2026-06-15T10:00:00+01:60',
    '2026-02-29T10:00:00Z',
    '2026-06-15T10:00:00',
    '2026-06-15 10:00:00Z',
    '2026-06-15T10:00:00.1234567890Z',
  ])('refuses the date-time %s', (s) => {
    expect(isInstant(s)).toBe(false);
  });

  it.each([
    '2026-06-15t10:00:00z',
    '2024-02-29T23:59:59.999+14:00',
    '0001-01-01T00:00:00Z',
    '2026-06-15T10:00:00.123456Z',
  ])('accepts the date-time %s', (s) => {
    expect(isInstant(s)).toBe(true);
  });

  it('a report period is a year or a month of years 0001 to 9999', () => {
    for (const ok of ['2026', '2026-01', '2026-12', '0001', '9999-12'])
      expect(isCalendarPeriod(ok), ok).toBe(true);
    for (const bad of ['2026-13', '2026-00', '0000', '0000-06', '26', '2026-6', '2026-06-01', ''])
      expect(isCalendarPeriod(bad), bad).toBe(false);
  });
});
