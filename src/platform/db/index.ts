import { ensureDataDir } from '../config.ts';
import { lockDataDir } from './data-lock.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
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
