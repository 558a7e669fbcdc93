// The cap's window and the message classes (BK-7, BK-8, BK-9). Pure.
import { addDuration } from '../policy/duration.ts';
import type { Policy } from '../policy/schema.ts';

type Cap = NonNullable<NonNullable<Policy['communications']>['cap']>;
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

/**
 * The periods of the communications ledger when the policy states no cap: calendar months, in
 * UTC (a notice without a cap names no time zone either). They only label the ledger and the
 * report; nothing is counted against them.
 */
export const UNCAPPED_WINDOW = { window: 'calendar-month', timeZone: 'UTC' } as const;

/** The ledger period a message sent at `at` belongs to: the cap's window, or a UTC month. */
export function ledgerWindow(policy: Policy, at: Date): string {
  return windowKey(policy.communications?.cap ?? UNCAPPED_WINDOW, at);
}

/**
 * BK-7: the length of the cap's rolling window (an ISO 8601 duration), or null for a calendar
 * window. The policy check refuses a rolling window without one, so none gets here.
 */
export function rollingWindowOf(cap: Pick<Cap, 'window' | 'rollingWindow'>): string | null {
  if (cap.window !== 'rolling') return null;
  if (!cap.rollingWindow) throw new Error('a rolling cap window needs rollingWindow (policy check)');
  return cap.rollingWindow;
}

/**
 * BK-7: where a rolling window ending at `now` starts. A counted message sent after this instant
 * takes a slot, one sent at it or before no longer does: with P30D, a message of 1 January 10:00
 * frees its slot on 31 January 10:00. Durations on the calendar, in UTC (policy/duration.ts).
 */
export function rollingStart(rollingWindow: string, now: Date): Date {
  return addDuration(now, rollingWindow, -1);
}

/**
 * When the next slot of a full rolling window frees up: the counted messages still in the window
 * (oldest first), `max` slots; a slot frees when the oldest message over the rest leaves it.
 * null while a slot is free (or the cap allows none at all).
 */
export function nextRollingSlot(
  rollingWindow: string,
  max: number,
  sentInWindow: readonly Date[],
): Date | null {
  if (max <= 0 || sentInWindow.length < max) return null;
  const leaving = sentInWindow[sentInWindow.length - max] as Date;
  return addDuration(leaving, rollingWindow);
}

/**
 * BK-7: whether a message of this class takes a cap slot: its class says so (unknown or unnamed
 * classes count), and never when the policy states no cap.
 */
export function countsTowardCap(policy: Policy, classId: string | undefined): boolean {
  if (!policy.communications?.cap) return false;
  return messageClass(policy, classId)?.countsTowardCap ?? true;
}

/** The class, or undefined (unknown, or not named: then judged as commercial and counted). */
export function messageClass(policy: Policy, id: string | undefined): MessageClass | undefined {
  return id === undefined ? undefined : policy.communications?.messageClasses.find((m) => m.id === id);
}
