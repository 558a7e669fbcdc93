// A PostgreSQL server through node-postgres, with a small pool.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ConfigError } from '../config.ts';
import { copySql, csvChunks } from './csv.ts';
import type { Db, QueryOptions, QueryResult, Tx } from './types.ts';

/**
 * Why a server could not be reached, and what to do, without the password: a missing database is
 * the first thing a newcomer meets (README step 6).
 */
function cannotConnect(err: unknown, url: string): string {
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || '5432'}`;
  const name = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || 'postgres';
  const user = decodeURIComponent(u.username) || 'postgres';
  const code = (err as { code?: string }).code;
  if (code === '3D000')
    return `database "${name}" does not exist on ${where}: create it first (createdb -h ${u.hostname} -p ${u.port || '5432'} -U ${user} ${name}), then run the command again`;
  if (code === '28P01' || code === '28000')
    return `PostgreSQL on ${where} refused user "${user}" (${code === '28P01' ? 'wrong password' : 'not allowed'})`;
  if (code === 'ECONNREFUSED') return `nothing answers on ${where}: is PostgreSQL running there?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `unknown host "${u.hostname}"`;
  return `cannot connect to ${where}: ${(err as Error).message}`;
}

/** `database "garde" on db:5432`: where a URL points, without its password. */
export function serverOf(url: string): string {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || 'postgres';
  return `database "${name}" on ${u.hostname}:${u.port || '5432'}`;
}

// Same value shapes as the PGlite driver: bigint -> number (counts, sequence numbers), date -> 'YYYY-MM-DD'.
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    if (oid === 1082) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
};

type Client = pg.Pool | pg.PoolClient;

function queryable(client: Client) {
  return {
    async query<R>(
      sql: string,
      params: readonly unknown[] = [],
      opts: QueryOptions = {},
    ): Promise<QueryResult<R>> {
      const r = await client.query({
        text: sql,
        values: params as unknown[],
        types: typeParsers,
        name: opts.name,
      });
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    },
    async copyIn(
      table: string,
      columns: readonly string[],
      rows: Iterable<readonly unknown[]>,
    ): Promise<number> {
      const run = async (c: pg.PoolClient) => {
        const stream = c.query(copyFrom(copySql(table, columns, 'STDIN')));
        await pipeline(Readable.from(csvChunks(rows)), stream);
        return Number(stream.rowCount ?? 0);
      };
      if ('release' in client) return run(client);
      const c = await client.connect();
      try {
        return await run(c);
      } finally {
        c.release();
      }
    },
  };
}

export async function openPostgres(url: string, maxConnections = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // An idle client that errors (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  await pool.query('SELECT 1').catch(async (err: unknown) => {
    await pool.end().catch(() => {});
    throw new ConfigError('DATABASE_URL', cannotConnect(err, url));
  });
  return {
    backend: 'postgres',
    ...queryable(pool),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>, opts: { sharedLock?: number } = {}) {
      const client = await pool.connect();
      try {
        // Simple-query protocol: both statements in one round trip. The key is an integer.
        const lock = opts.sharedLock;
        await client.query(
          Number.isInteger(lock) ? `BEGIN; SELECT pg_advisory_xact_lock_shared(${lock})` : 'BEGIN',
        );
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
