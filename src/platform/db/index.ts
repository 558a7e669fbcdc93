import { mkdir } from 'node:fs/promises';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Db } from './types.ts';

export type { Db, Queryable, QueryResult, Row, Tx } from './types.ts';

export type DbTarget = { databaseUrl: string | undefined; dataDir: string | undefined; poolSize?: number };

/** PostgreSQL when a URL is given, otherwise PGlite in dataDir/db (or in memory without a dataDir). */
export async function openDb(target: DbTarget): Promise<Db> {
  if (target.databaseUrl) return openPostgres(target.databaseUrl, target.poolSize);
  if (!target.dataDir) return openPglite(undefined);
  await mkdir(target.dataDir, { recursive: true });
  return openPglite(`${target.dataDir}/db`);
}
