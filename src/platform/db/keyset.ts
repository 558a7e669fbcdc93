// SQL pieces of keyset pagination (src/platform/pagination.ts): the row comparison that starts a
// page after a cursor, and timestamps read to the microsecond so a cursor names a row exactly.
import type { KeyPart, Keyset, KeyValue } from '../pagination.ts';

const CAST: Record<KeyPart, string> = { time: 'timestamptz', int: 'bigint', uuid: 'uuid', text: 'text' };

/** A timestamptz as UTC text with microseconds: a JS Date would drop them and repeat rows. */
export const exactTime = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * `(columns) > ($first, ...)` (or `<` for a descending list), true when no cursor is given. The
 * columns are the list's ORDER BY, all in one direction, ending in a unique column.
 */
export function afterKey(k: Keyset, columns: readonly string[], dir: 'asc' | 'desc', first: number): string {
  const params = k.parts.map((p, i) => `$${first + i}::${CAST[p]}`);
  return `($${first}::${CAST[k.parts[0] ?? 'text']} IS NULL OR (${columns.join(', ')}) ${dir === 'asc' ? '>' : '<'} (${params.join(', ')}))`;
}

/** The parameters `afterKey` reads: the cursor's key, or nulls without one. */
export const keyParams = (k: Keyset, key: readonly KeyValue[] | null): (KeyValue | null)[] =>
  key ? [...key] : k.parts.map(() => null);
