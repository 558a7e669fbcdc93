import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDb } from '../../test/support/backends.ts';
import type { Db } from '../platform/db/index.ts';
import { type FieldKind, STORES } from './catalogue.ts';

// The PostgreSQL types each kind is read from. Not numeric: both drivers read it as a string.
const SQL_TYPES: Record<FieldKind, readonly string[]> = {
  text: ['text', 'character varying'],
  date: ['date'],
  timestamp: ['timestamp with time zone'],
  integer: ['smallint', 'integer', 'bigint'],
  number: ['real', 'double precision'],
  boolean: ['boolean'],
  json: ['jsonb', 'json'],
};

const COLUMN = /^t\.([a-z_]+)$/;

describe.each(BACKENDS)('the catalogue’s declared field types on %s', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await freshDb(backend));
  });
  afterAll(() => dispose());

  const fields = STORES.flatMap((s) =>
    Object.entries(s.fields).map(([name, [sql, type]]) => ({ table: s.table, name, sql, type })),
  );

  it('every field is declared with the type the database gives it, so an export’s schema is the database’s', async () => {
    const wrong: string[] = [];
    for (const f of fields) {
      // A row of nulls: the expression's type without reading any data.
      const r = await db.query<{ type: string }>(
        `SELECT pg_typeof(${f.sql})::text AS type FROM (SELECT 1) one LEFT JOIN ${f.table} t ON false`,
      );
      const kind = f.type.split(' | ')[0] as FieldKind;
      const actual = r.rows[0]?.type ?? '';
      if (!SQL_TYPES[kind].includes(actual))
        wrong.push(`${f.table}.${f.name}: declared ${f.type}, is ${actual}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a field is declared nullable exactly where its column may be null', async () => {
    const r = await db.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const nullable = new Map(
      r.rows.map((c) => [`${c.table_name}.${c.column_name}`, c.is_nullable === 'YES']),
    );
    const wrong: string[] = [];
    for (const f of fields) {
      const declared = f.type.endsWith(' | null');
      const column = COLUMN.exec(f.sql)?.[1];
      let actual: boolean | undefined;
      if (column) actual = nullable.get(`${f.table}.${column}`);
      else {
        // An expression: null from a row of nulls when it can be null at all.
        const v = await db.query<{ v: unknown }>(
          `SELECT ${f.sql} AS v FROM (SELECT 1) one LEFT JOIN ${f.table} t ON false`,
        );
        actual = v.rows[0]?.v === null;
      }
      if (actual !== declared) wrong.push(`${f.table}.${f.name}: declared ${f.type}, nullable ${actual}`);
    }
    expect(wrong).toEqual([]);
  });
});
