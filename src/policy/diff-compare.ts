// Comparisons the policy diff shares (issue 17 item 4): durations by where they end, the
// purposes both policies have. Pure; its own module so the diff's parts import no cycle.
import { addDuration } from './duration.ts';
import type { Policy } from './schema.ts';

// Durations are compared by where they end from one reference instant: P12M equals P1Y, P13M is
// longer; absent (no stated limit) is longer than any duration.
const REFERENCE = new Date(Date.UTC(2001, 0, 1));

/** Whether `after` runs longer than `before` (undefined: unlimited). */
export function longer(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined) return false;
  if (after === undefined) return true;
  return endOf(after) > endOf(before);
}

/** Where a duration ends, in milliseconds after a fixed reference instant (comparisons only). */
export function endOf(duration: string): number {
  return addDuration(REFERENCE, duration).getTime() - REFERENCE.getTime();
}

/** Ids in the newer policy of purposes the older one had too (a new purpose is purpose.added). */
export const keptPurposes = (older: Policy, newer: Policy): string[] =>
  newer.purposes.filter((p) => older.purposes.some((x) => x.id === p.id)).map((p) => p.id);

export function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
