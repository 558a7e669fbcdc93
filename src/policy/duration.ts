// ISO 8601 durations on the calendar, in UTC: P1M from 31 January is the last day of February,
// so a deadline or a retention limit never skips a month.
import { DURATION_PATTERN } from './duration-pattern.ts';

export type Duration = { years: number; months: number; days: number; ms: number };

const RE = new RegExp(DURATION_PATTERN);
const cache = new Map<string, Duration>();

export function parseDuration(iso: string): Duration {
  const hit = cache.get(iso);
  if (hit) return hit;
  const m = RE.exec(iso);
  if (!m) throw new Error(`not an ISO 8601 duration: ${iso}`);
  const n = (i: number) => Number(m[i] ?? 0);
  const d = { years: n(1), months: n(2), days: n(3) * 7 + n(4), ms: ((n(5) * 60 + n(6)) * 60 + n(7)) * 1000 };
  cache.set(iso, d);
  return d;
}

export function addDuration(from: Date, iso: string, sign: 1 | -1 = 1): Date {
  const d = parseDuration(iso);
  const target = utc(from.getUTCFullYear() + sign * d.years, from.getUTCMonth() + sign * d.months, 1, from);
  const lastDay = utc(target.getUTCFullYear(), target.getUTCMonth() + 1, 0).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return new Date(target.getTime() + sign * (d.days * 86_400_000 + d.ms));
}

/**
 * A day in UTC, at the time of day of `time` (midnight without one). Not `Date.UTC(y, ...)`: it
 * takes years 0-99 for 1900-1999, and a deadline counted from a date in year 0001 must stay there.
 */
export function utc(year: number, month: number, day: number, time?: Date): Date {
  const t = new Date(0);
  t.setUTCFullYear(year, month, day);
  if (time)
    t.setUTCHours(time.getUTCHours(), time.getUTCMinutes(), time.getUTCSeconds(), time.getUTCMilliseconds());
  return t;
}

/** A date-only value ('2026-01-31') or a timestamp, as a Date. */
export function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value);
}
