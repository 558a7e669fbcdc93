// What Garde asks a dataset to do, in terms every connector carries out the same way: SQL
// connectors turn each action into one parameterised statement, the HTTP connector sends them as
// JSON, the manual connector words them as a task. Pure: the policy and a plan in, actions out.
import type { Dataset, DatasetTable, PersonKey, Policy } from '../policy/schema.ts';
import { pastBound } from './cutoff.ts';

/** The person's keys, as the controller's systems know them (policy: datasets[].tables[].person.by). */
export type PersonKeys = Readonly<Record<PersonKey, string | null>>;

/** A condition on a table's rows, besides being the person's. */
export type RowCondition =
  | { column: string; op: 'at-or-before'; value: Date }
  | { column: string; op: 'after'; value: Date }
  | { column: string; op: 'in' | 'not-in'; values: readonly string[] };

/**
 * One thing to do to the person's rows of one table (or, in a retention sweep, to every row the
 * conditions select): read, count what stays, delete, mask (set to null), update, or mark restricted.
 */
export type TableAction =
  | { table: string; op: 'delete'; where?: readonly RowCondition[] }
  | { table: string; op: 'mask'; columns: readonly string[]; where?: readonly RowCondition[] }
  | { table: string; op: 'update'; set: Readonly<Record<string, string | null>> }
  | { table: string; op: 'restrict'; column: string; value: boolean }
  | {
      table: string;
      op: 'keep';
      /** The row clock whose newest value says until when the kept rows stay. */
      clock?: string;
      /** Why: the rule of the policy (or a legal hold) that keeps them. */
      rule?: string;
    };

export type ActionResult = {
  table: string;
  op: TableAction['op'];
  /** Rows deleted, masked, updated or marked; for `keep`, the rows that stay. */
  rows: number;
  /** `keep` with a clock: the newest clock value of the rows kept (ISO 8601). */
  newest?: string | null;
};

/** Where a person's erasure stands in one category of a dataset table (erasure.ts decides). */
export type CategoryFate =
  | { action: 'erase' }
  | { action: 'keep'; rule?: string }
  | { action: 'erase-expired'; rule: string; clock: string; duration: string };

/**
 * The columns of `categories` that masking empties: never the person column (a kept row stays
 * the person's) nor a clock column (a kept row must still be judged by its own date, and a date
 * column is often NOT NULL), even when a category also claims them.
 */
export function maskableColumns(table: DatasetTable, categories: (category: string) => boolean): string[] {
  const kept = new Set([table.person.column, ...Object.values(table.clocks ?? {})]);
  return table.fields.filter((f) => categories(f.category) && !kept.has(f.column)).map((f) => f.column);
}

/** The categories one table's columns hold, in declaration order. */
export const categoriesOf = (t: DatasetTable): string[] => [...new Set(t.fields.map((f) => f.category))];

/**
 * Erasure in one table: delete the rows when every category they hold goes; when one is kept
 * (an obligation or a hold), keep the rows and mask the columns of the categories that go; a
 * row-clocked obligation keeps the rows still inside its period and lets the older ones go.
 */
export function erasureActions(
  table: DatasetTable,
  fates: ReadonlyMap<string, CategoryFate>,
  now: Date,
): TableAction[] {
  const categories = categoriesOf(table);
  const fate = (c: string): CategoryFate => fates.get(c) ?? { action: 'erase' };
  const goes = (c: string) => fate(c).action === 'erase';
  const masked = maskableColumns(table, goes);
  const mask = (where?: RowCondition[]): TableAction[] =>
    masked.length > 0
      ? [{ table: table.name, op: 'mask', columns: masked, ...(where ? { where } : {}) }]
      : [];
  const kept = categories.map(fate).find((f) => f.action === 'keep');
  if (kept) return [...mask(), { table: table.name, op: 'keep', ...(kept.rule ? { rule: kept.rule } : {}) }];
  // A row clock this table has: the rows past it go, the others stay under the rule.
  const clocked = categories
    .map(fate)
    .filter((f): f is Extract<CategoryFate, { action: 'erase-expired' }> => f.action === 'erase-expired')
    .map((f) => ({ ...f, column: table.clocks?.[f.clock as keyof NonNullable<DatasetTable['clocks']>] }));
  // An obligation whose clock this table does not say cannot tell its rows apart: they all stay.
  const blind = clocked.find((f) => f.column === undefined);
  if (blind) return [...mask(), { table: table.name, op: 'keep', rule: blind.rule }];
  const timed = clocked as (Extract<CategoryFate, { action: 'erase-expired' }> & { column: string })[];
  if (timed.length === 0) return [{ table: table.name, op: 'delete' }];
  // Every obligation must be past for a row to go; the one that runs longest says until when.
  const past: RowCondition[] = timed.map((f) => ({
    column: f.column,
    op: 'at-or-before',
    value: pastBound(now, f.duration),
  }));
  const longest = timed.reduce((a, b) => (pastBound(now, a.duration) <= pastBound(now, b.duration) ? a : b));
  return [
    { table: table.name, op: 'delete', where: past },
    ...mask(),
    { table: table.name, op: 'keep', clock: longest.column, rule: longest.rule },
  ];
}

/** Rectification: the corrected identity fields, in the columns that hold them. */
export function rectificationActions(
  dataset: Dataset,
  corrected: Readonly<Record<string, string | null>>,
): TableAction[] {
  return (dataset.tables ?? []).flatMap((t) => {
    const set: Record<string, string | null> = {};
    for (const f of t.fields)
      if (f.field !== undefined && f.field in corrected) set[f.column] = corrected[f.field] ?? null;
    return Object.keys(set).length > 0 ? [{ table: t.name, op: 'update' as const, set }] : [];
  });
}

/** Restriction (Art. 18): the tables that declare a mark are marked; the others cannot be. */
export function restrictionActions(dataset: Dataset, restricted: boolean): TableAction[] {
  return (dataset.tables ?? []).flatMap((t) =>
    t.restriction
      ? [{ table: t.name, op: 'restrict' as const, column: t.restriction.column, value: restricted }]
      : [],
  );
}

/** The table a policy declares in a dataset. */
export function tableOf(policy: Policy, dataset: string, table: string): DatasetTable | undefined {
  return policy.datasets?.find((d) => d.id === dataset)?.tables?.find((t) => t.name === table);
}
