// Embedded PostgreSQL (WASM), persisted in a folder or held in memory.
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { copySql, csvChunks } from './csv.ts';
import type { Db, QueryResult, Tx } from './types.ts';

const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.DATE]: (v: string) => v,
  // PGlite reads timestamps with `new Date(text)`, which takes years 0001-0099 for 1901-1999 and
  // 2000-2099; node-postgres's own parser (postgres-date) reads every year PostgreSQL writes, so
  // both backends give back the instant that was stored.
  [types.TIMESTAMPTZ]: pg.types.getTypeParser(types.TIMESTAMPTZ, 'text'),
  [types.TIMESTAMP]: pg.types.getTypeParser(types.TIMESTAMP, 'text'),
};

type PgliteLike = Pick<PGlite, 'query'>;

function queryable(pg: PgliteLike) {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await pg.query<R>(sql, params as unknown[]);
      // PGlite reports 0 affected rows for a SELECT; pg counts the rows returned.
      return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
    async copyIn(
      table: string,
      columns: readonly string[],
      rows: Iterable<readonly unknown[]>,
    ): Promise<number> {
      const parts = [...csvChunks(rows)];
      const r = await pg.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob(parts) });
      return r.affectedRows ?? 0;
    },
  };
}

/**
 * dataDir undefined keeps the database in memory (tests). `loadDataDir` starts from a copy of
 * another database's files (a `dumpDataDir()` tarball): the tests' migrated template.
 */
export async function openPglite(
  dataDir: string | undefined,
  opts: { loadDataDir?: Blob } = {},
): Promise<Db> {
  // pg_trgm: the subject search's index (migrations/044_subject_search.sql), as on PostgreSQL.
  return pgliteDb(await createPglite(dataDir, opts));
}

/** The PGlite Garde runs on (parsers and extensions), not yet wrapped. */
export function createPglite(
  dataDir: string | undefined,
  opts: { loadDataDir?: Blob } = {},
): Promise<PGlite> {
  return PGlite.create(dataDir, { parsers, extensions: { pg_trgm }, loadDataDir: opts.loadDataDir });
}

/** Garde's Db over an open PGlite, which it closes with itself. */
export function pgliteDb(pg: PGlite): Db {
  const base = queryable(pg);
  return {
    backend: 'pglite',
    ...base,
    async exec(sql) {
      await pg.exec(sql);
    },
    transaction<T>(fn: (tx: Tx) => Promise<T>, opts: { sharedLock?: number } = {}) {
      return pg.transaction(async (t) => {
        if (opts.sharedLock !== undefined)
          await t.query('SELECT pg_advisory_xact_lock_shared($1)', [opts.sharedLock]);
        return fn(queryable(t));
      });
    },
    async close() {
      await pg.close();
    },
  };
}
