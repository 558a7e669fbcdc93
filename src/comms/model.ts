// The cap's window and the message classes (BK-7, BK-8, BK-9). Pure.
import type { Policy } from '../policy/schema.ts';

type Cap = NonNullable<Policy['communications']>['cap'];
export type MessageClass = NonNullable<Policy['communications']>['messageClasses'][number];

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar window `at` falls in, in the policy's time zone: '2026-06' or '2026'. */
export function windowKey(cap: Pick<Cap, 'window' | 'timeZone'>, at: Date): string {
  let f = formats.get(cap.timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: cap.timeZone, year: 'numeric', month: '2-digit' });
    formats.set(cap.timeZone, f);
  }
  const parts = f.formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return cap.window === 'calendar-year' ? `${year}` : `${year}-${month}`;
}

/** Whether `key` names a window of this cap: a year for a yearly cap, a month otherwise. */
export function isWindowKey(cap: Pick<Cap, 'window'>, key: string): boolean {
  return cap.window === 'calendar-year' ? /^[0-9]{4}$/.test(key) : /^[0-9]{4}-[0-9]{2}$/.test(key);
}

/** The class, or undefined (unknown, or not named: then judged as commercial and counted). */
export function messageClass(policy: Policy, id: string | undefined): MessageClass | undefined {
  return id === undefined ? undefined : policy.communications?.messageClasses.find((m) => m.id === id);
}
