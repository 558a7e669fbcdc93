import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ensureDataDir } from '../config.ts';
import { lockDataDir } from './data-lock.ts';
import { openPglite } from './pglite.ts';
import { openPostgres, serverOf } from './postgres.ts';
import type { Db } from './types.ts';

export type { Db, Queryable, QueryResult, Row, Tx } from './types.ts';

export type DbTarget = { databaseUrl: string | undefined; dataDir: string | undefined; poolSize?: number };

/**
 * PostgreSQL when a URL is given, otherwise PGlite in dataDir/db, locked for this process (or in
 * memory without a dataDir: tests, no lock).
 */
export async function openDb(target: DbTarget): Promise<Db> {
  if (target.databaseUrl) return openPostgres(target.databaseUrl, target.poolSize);
  if (!target.dataDir) return openPglite(undefined);
  await ensureDataDir(target.dataDir);
  // One process per folder (issue 11): the lock is taken before PGlite touches a file.
  const release = await lockDataDir(target.dataDir);
  try {
    const db = await openPglite(`${target.dataDir}/db`);
    return { ...db, close: () => db.close().finally(release) };
  } catch (err) {
    await release();
    throw err;
  }
}

// Commands that work on existing data (`garde audit verify`, `keys create`, ...) refuse a database
// that was never set up: on a mistyped GARDE_DATA or DATABASE_URL they would otherwise make a new,
// empty one and report success on it. Only `serve`, `migrate` and `seed` create a database.
const NOT_SET_UP = 'run `garde migrate` (or `garde serve`) there first to create one';

/** Embedded: the folder must hold a database already. Checked before anything is written there. */
export function requireEmbeddedDatabase(target: DbTarget): void {
  if (target.databaseUrl || !target.dataDir) return;
  if (existsSync(join(target.dataDir, 'db', 'PG_VERSION'))) return;
  throw new ConfigError(
    'GARDE_DATA',
    `no Garde database in ${target.dataDir}: ${NOT_SET_UP}, or point GARDE_DATA at the folder that holds it`,
  );
}

/** Either backend: a database with no migration applied holds no Garde data either. */
export async function requireSetUp(db: Db, target: DbTarget): Promise<void> {
  const table = await db.query<{ t: string | null }>(`SELECT to_regclass('garde_migrations')::text AS t`);
  const applied = table.rows[0]?.t
    ? (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM garde_migrations')).rows[0]?.n
    : 0;
  if (applied) return;
  const [variable, where] = target.databaseUrl
    ? ['DATABASE_URL', serverOf(target.databaseUrl)]
    : ['GARDE_DATA', target.dataDir ?? 'memory'];
  throw new ConfigError(
    variable,
    `no Garde database in ${where} (no migration applied): ${NOT_SET_UP}, or point ${variable} at the one that holds it`,
  );
}
