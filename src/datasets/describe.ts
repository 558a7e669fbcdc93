// Every dataset of the policy described the same way (issue 16), Garde's own tables included: per
// table, how a person is found, which column holds which category (and field), and which columns
// run the rows' own retention clocks. What a DPO reads to answer "where is this person's data",
// and what an engineer compares a system with. Pure: from the policy and Garde's catalogue.
import type { Dataset, DatasetTable, Policy } from '../policy/schema.ts';
import { GARDE_DATASET } from '../policy/schema.ts';
import { STORES } from '../rights/catalogue.ts';
import { categoryOf, placesIn, UNCLASSIFIED } from './storage.ts';

export type DescribedTable = DatasetTable & {
  /** Garde's own: every column's category, the record category when the policy claims none. */
  categories: string[];
};

export type DescribedDataset = {
  id: string;
  kind: Dataset['kind'] | 'garde';
  /** The environment variables that hold the connection (never their values). */
  connection: { url: string; secret?: string } | null;
  tables: DescribedTable[];
  /** Where each category is kept there, table by table (a manual dataset names its places only). */
  places: { table: string; category: string }[];
};

/** `t.col` is the column `col`; an expression (a concatenation, a test) is shown as written. */
const columnOf = (sql: string) => (/^t\.[a-z_]+$/.test(sql) ? sql.slice(2) : sql);

/** Garde's own tables as a dataset: person by subject id, each field under the table's category. */
export function gardeDataset(policy: Policy): DescribedDataset {
  return {
    id: GARDE_DATASET,
    kind: 'garde',
    connection: null,
    tables: STORES.map((s) => {
      const category = categoryOf(policy, s);
      const clocks = Object.fromEntries(Object.entries(s.clocks).map(([k, v]) => [k, columnOf(v as string)]));
      return {
        name: s.table,
        person: { by: 'subject-id', column: s.table === 'subjects' ? 'id' : 'subject_id' },
        fields: Object.entries(s.fields).map(([field, [sql]]) => ({
          column: columnOf(sql),
          category,
          field,
        })),
        ...(Object.keys(clocks).length > 0 ? { clocks } : {}),
        categories: category === UNCLASSIFIED ? [] : [category],
      };
    }),
    places: STORES.map((s) => ({ table: s.table, category: categoryOf(policy, s) })),
  };
}

/** Garde's dataset first, then the policy's, in its order. */
export function describeDatasets(policy: Policy): DescribedDataset[] {
  return [
    gardeDataset(policy),
    ...(policy.datasets ?? []).map((d) => ({
      id: d.id,
      kind: d.kind,
      connection: d.connection ? { ...d.connection } : null,
      tables: (d.tables ?? []).map((t) => ({
        ...t,
        categories: [...new Set(t.fields.map((f) => f.category))],
      })),
      places: placesIn(policy, d.id),
    })),
  ];
}
