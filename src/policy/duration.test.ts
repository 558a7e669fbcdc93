import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration, toDate } from './duration.ts';

const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('durations', () => {
  it('parses years, months, weeks, days and time', () => {
    expect(parseDuration('P10Y')).toEqual({ years: 10, months: 0, days: 0, ms: 0 });
    expect(parseDuration('P1W2D')).toEqual({ years: 0, months: 0, days: 9, ms: 0 });
    expect(parseDuration('PT15M').ms).toBe(900_000);
    expect(() => parseDuration('P')).toThrow();
  });

  it('adds months on the calendar, clamping to the end of the month', () => {
    expect(iso(addDuration(toDate('2026-01-31'), 'P1M'))).toBe('2026-02-28');
    expect(iso(addDuration(toDate('2024-01-31'), 'P1M'))).toBe('2024-02-29');
    expect(iso(addDuration(toDate('2024-02-29'), 'P1Y'))).toBe('2025-02-28');
    expect(iso(addDuration(toDate('2026-03-31'), 'P1M', -1))).toBe('2026-02-28');
    expect(iso(addDuration(toDate('2025-11-15'), 'P12M'))).toBe('2026-11-15');
    expect(iso(addDuration(toDate('2016-12-31'), 'P10Y'))).toBe('2026-12-31');
  });

  it('a deadline counted from a date in years 0001-0099 stays in its century, time of day kept', () => {
    expect(addDuration(new Date('0001-01-31T10:20:30.456Z'), 'P1M').toISOString()).toBe(
      '0001-02-28T10:20:30.456Z',
    );
    expect(addDuration(new Date('0099-12-15T00:00:00Z'), 'P1M').toISOString()).toBe(
      '0100-01-15T00:00:00.000Z',
    );
    expect(addDuration(new Date('0100-01-15T00:00:00Z'), 'P1M', -1).toISOString()).toBe(
      '0099-12-15T00:00:00.000Z',
    );
    expect(addDuration(new Date('0004-02-29T00:00:00Z'), 'P1Y').toISOString()).toBe(
      '0005-02-28T00:00:00.000Z',
    );
  });
});
