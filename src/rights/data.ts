// A subject's personal data, store by store, read through the catalogue: the raw material of
// access reports and portability exports. One query per store.

import { categoryOf } from '../datasets/storage.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { Policy } from '../policy/schema.ts';
import { type Clock, STORES, type Store, selectRowsSql } from './catalogue.ts';

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

/** What erasure needs to plan: per store, how many rows and the newest value of each clock. */
export type StoreSummary = {
  store: Store;
  category: string;
  rows: number;
  newest: Partial<Record<Clock, string | null>>;
};

/** One round trip for every store: counts and newest clocks, never the rows themselves. */
export async function summariseData(
  db: Queryable,
  policy: Policy,
  subjectId: string,
): Promise<StoreSummary[]> {
  const parts = STORES.map((s, i) => {
    const key = s.table === 'subjects' ? 't.id' : 't.subject_id';
    const event = s.clocks['event-time'];
    const invoice = s.clocks['invoice-date'];
    const clocks = [
      event ? `to_char(max(${event}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : 'NULL::text',
      invoice ? `max(${invoice})::text` : 'NULL::text',
    ];
    return `SELECT ${i} AS i, count(*)::int AS n, ${clocks[0]} AS event_time, ${clocks[1]} AS invoice_date FROM ${s.table} t WHERE ${key} = $1`;
  });
  const r = await db.query<{ i: number; n: number; event_time: string | null; invoice_date: string | null }>(
    parts.join('\nUNION ALL\n'),
    [subjectId],
  );
  return r.rows.map((row) => {
    const store = STORES[row.i] as Store;
    return {
      store,
      category: categoryOf(policy, store),
      rows: row.n,
      newest: { 'event-time': row.event_time, 'invoice-date': row.invoice_date },
    };
  });
}
