// A subject's personal data, store by store, read through the catalogue: the raw material of
// access reports and portability exports. One query per store.
import type { Queryable } from '../platform/db/index.ts';
import type { Policy } from '../policy/schema.ts';
import { categoryOf, STORES, type Store, selectRowsSql } from './catalogue.ts';

export type StoreData = { store: Store; category: string; rows: Record<string, unknown>[] };

export async function collectData(db: Queryable, policy: Policy, subjectId: string): Promise<StoreData[]> {
  const out: StoreData[] = [];
  for (const store of STORES) {
    const r = await db.query<Record<string, unknown>>(selectRowsSql(store), [subjectId]);
    out.push({ store, category: categoryOf(policy, store), rows: r.rows.map(plain) });
  }
  return out;
}

/** Dates as ISO strings (date-only columns stay dates), so JSON and CSV read the same. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}
