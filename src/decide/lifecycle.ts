// EN-3, BK-1: behaviour is judged by the lifecycle the person had when it happened. A purpose
// that names its lifecycles covers what happened since the person last entered them from
// outside: a purpose for customers does not cover a prospect's last minutes before the contract,
// nor a former customer's months away; a purpose for customers and former customers covers both
// sides of a departure and of a return. The three ways into a lifecycle, and where each instant
// is kept (src/subjects/model.ts sets them). One rule for decide() and its SQL mirror. Pure.
import { toDate } from '../policy/duration.ts';
import type { Lifecycle } from '../policy/schema.ts';

type Entry = {
  into: Lifecycle;
  from: Lifecycle;
  field: 'customerFrom' | 'returnedAt' | 'leftAt';
  column: 'customer_from' | 'returned_at' | 'left_at';
};

const ENTRIES: readonly Entry[] = [
  { into: 'customer', from: 'prospect', field: 'customerFrom', column: 'customer_from' },
  { into: 'customer', from: 'former', field: 'returnedAt', column: 'returned_at' },
  { into: 'former', from: 'customer', field: 'leftAt', column: 'left_at' },
];

/** The ways into these lifecycles from outside them; none without lifecycles (every one is covered). */
function entriesInto(lifecycles: readonly Lifecycle[] | undefined): readonly Entry[] {
  if (!lifecycles) return [];
  return ENTRIES.filter((e) => lifecycles.includes(e.into) && !lifecycles.includes(e.from));
}

export type LifecycleEntries = Partial<Record<Entry['field'], string | Date | null>>;

/** The last instant the person entered these lifecycles from outside them, or null if none is known. */
export function enteredAt(lifecycles: readonly Lifecycle[] | undefined, s: LifecycleEntries): Date | null {
  let last: Date | null = null;
  for (const e of entriesInto(lifecycles)) {
    const v = s[e.field];
    const at = v == null ? null : toDate(v);
    if (at && (!last || at > last)) last = at;
  }
  return last;
}

/** The same instant in SQL over a subjects row `alias` (NULL if none is known). */
export function enteredAtSql(lifecycles: readonly Lifecycle[] | undefined, alias: string): string | null {
  const columns = entriesInto(lifecycles).map((e) => `${alias}.${e.column}`);
  if (columns.length === 0) return null;
  return columns.length === 1 ? (columns[0] as string) : `GREATEST(${columns.join(', ')})`;
}

/** Every column the rule reads, for the readers that select them. */
export const ENTRY_COLUMNS = ENTRIES.map((e) => e.column);
