// When a policy version takes effect: a day (2022-11-22) or, when the notice is dated by month
// only ("Stand: Mai 2018"), a month (2018-05). Shown as the notice says it: a month is never
// given an invented day. Pure.
import { localeOf } from '../words/words.ts';

export const YEAR_MONTH_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$';

/** Whether the date names a month only (YYYY-MM). */
export const isYearMonth = (value: string): boolean => new RegExp(YEAR_MONTH_PATTERN).test(value);

/**
 * The date in words of `language`: "22 November 2022", or "May 2018" for a month. Formatted in
 * UTC, so a date never moves to the day before in a time zone west of Greenwich.
 */
export function effectiveDateWords(value: string, language = 'en'): string {
  const month = isYearMonth(value);
  const date = new Date(`${month ? `${value}-01` : value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = month
    ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
    : { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
  try {
    // Garde's English is British: "1 November 2026", as every document it writes says it.
    return new Intl.DateTimeFormat(localeOf(language), options).format(date);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(date);
  }
}
