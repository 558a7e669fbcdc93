// Dates as both JavaScript and PostgreSQL hold them. ajv-formats accepts what RFC 3339 allows:
// year 0000 (PostgreSQL has no year 0), a leap second 23:59:60 (a JS Date cannot hold it) and an
// offset that moves the instant outside year 1..9999. Every route's `date` and `date-time` fields
// go through these checks instead, so no such value reaches a store.
import type { Ajv } from 'ajv';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');
const PERIOD = /^(\d{4})(?:-(\d{2}))?$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS[month - 1] as number);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** YYYY-MM-DD, a day that exists, in years 0001 to 9999. */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** A calendar year (2026) or month (2026-06) of years 0001 to 9999: a report window. */
export function isCalendarPeriod(s: string): boolean {
  const m = PERIOD.exec(s);
  if (!m || Number(m[1]) < 1) return false;
  return m[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 12);
}

/** An RFC 3339 date-time with a zone, no leap second, and an instant within years 0001-9999. */
export function isInstant(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || !isCalendarDate(m[1] as string)) return false;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[5] !== undefined && (Number(m[5]) > 23 || Number(m[6]) > 59)) return false;
  const at = Date.parse(s.toUpperCase());
  return Number.isFinite(at) && at >= FIRST_INSTANT && at <= LAST_INSTANT;
}

/** What a client is told when a value does not fit one of these formats. */
export const FORMAT_MESSAGES: Record<string, string> = {
  date: 'must be a date that exists, as YYYY-MM-DD, in years 0001 to 9999',
  'calendar-period': 'must be a calendar year (2026) or month (2026-06), in years 0001 to 9999',
  'date-time':
    'must be a date-time with a time zone, e.g. 2026-06-15T10:00:00Z, in years 0001 to 9999 (no leap second)',
};

/** Replaces ajv-formats' `date` and `date-time` with the checks above, adds `calendar-period`. */
export function useStrictDates(ajv: Ajv): void {
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addFormat('date-time', { type: 'string', validate: isInstant });
  ajv.addFormat('calendar-period', { type: 'string', validate: isCalendarPeriod });
}
