// A row clock as a bound another system can compare its column with. Garde's own rule is "the
// row goes when its clock plus the duration is at or before now" on the calendar (31 January +
// P1M is the last day of February); the systems Garde reaches only compare values, so the rule
// is turned into "the clock is at or before this instant". Pure.
import { addDuration } from '../policy/duration.ts';

/**
 * The latest instant t with t + duration <= now: a clock value at or before it is past its time,
 * one after it is not. Exact to the millisecond, month ends included (adding a calendar duration
 * never decreases, so the bound is found by bisection around now - duration).
 */
export function pastBound(now: Date, duration: string): Date {
  const guess = addDuration(now, duration, -1).getTime();
  let lo = guess - 5 * 86_400_000; // t + duration <= now
  let hi = guess + 5 * 86_400_000; // t + duration > now
  while (addDuration(new Date(lo), duration).getTime() > now.getTime()) lo -= 5 * 86_400_000;
  while (addDuration(new Date(hi), duration).getTime() <= now.getTime()) hi += 5 * 86_400_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (addDuration(new Date(mid), duration).getTime() <= now.getTime()) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}
