// Every storage test runs once per backend: PGlite always, PostgreSQL when DATABASE_URL is set
// (CI) or GARDE_TEST_BACKENDS names it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { sealer } from '../../src/platform/crypto.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { openDb } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPglite } from '../../src/platform/db/pglite.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { loadPolicyOrThrow } from '../../src/runtime.ts';
import { bankPolicy } from './bank-policy.ts';
import { pgliteTemplate, postgresTemplate } from './db-template.ts';

export type Backend = 'pglite' | 'postgres';

const requested =
  process.env.GARDE_TEST_BACKENDS ?? (process.env.DATABASE_URL ? 'pglite,postgres' : 'pglite');
export const BACKENDS = requested
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean) as Backend[];
for (const b of BACKENDS)
  if (b !== 'pglite' && b !== 'postgres') throw new Error(`GARDE_TEST_BACKENDS: unknown backend ${b}`);

export const adminUrl = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, migrated, empty database; dispose() closes it (and drops it on PostgreSQL). */
export async function freshDb(
  backend: Backend,
  opts: { migrate?: boolean; poolSize?: number } = {},
): Promise<{ db: Db; url?: string; dispose(): Promise<void> }> {
  const migrated = opts.migrate !== false;
  if (backend === 'pglite') {
    // A migrated database starts as a copy of the template (db-template.ts).
    const db = migrated
      ? await openPglite(undefined, { loadDataDir: await pgliteTemplate() })
      : await openDb({ databaseUrl: undefined, dataDir: undefined });
    if (migrated) await migrate(db);
    return { db, dispose: () => db.close() };
  }
  const name = `garde_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    if (!migrated) await admin.query(`CREATE DATABASE ${name}`);
    else await admin.query(`CREATE DATABASE ${name} TEMPLATE ${await postgresTemplate(adminUrl())}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), dataDir: undefined, poolSize: opts.poolSize });
  // A no-op on a copy of the template; it stays so a test's database is migrated whatever it came from.
  if (migrated) await migrate(db);
  return {
    db,
    url: url.toString(),
    async dispose() {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const FIXED_NOW = new Date('2026-06-15T10:00:00.000Z');

export async function testDeps(
  backend: Backend,
  opts: {
    policy?: string;
    rateLimitPerMinute?: number;
    clientRateLimitPerMinute?: number;
    signInRateLimitPerMinute?: number;
    trustProxy?: Config['trustProxy'];
    poolSize?: number;
    /** GARDE_CORS_ORIGINS, already normalised. */
    corsOrigins?: string[];
  } = {},
): Promise<Deps & { dispose(): Promise<void> }> {
  const { db, dispose } = await freshDb(backend, { poolSize: opts.poolSize });
  const config = {
    ...loadConfig({ GARDE_DATA: '/nonexistent', LOG_LEVEL: 'silent' }),
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 1_000_000,
    clientRateLimitPerMinute: opts.clientRateLimitPerMinute ?? 1_000_000,
    signInRateLimitPerMinute: opts.signInRateLimitPerMinute ?? 1_000_000,
    trustProxy: opts.trustProxy ?? false,
    corsOrigins: opts.corsOrigins ?? [],
  };
  // The bank policy without the systems the demo starts (bank-policy.ts), unless a test names one.
  const policy = await loadPolicyOrThrow(opts.policy ?? (await bankPolicy()));
  return { config, db, policy, sealer: sealer(randomBytes(32)), now: () => FIXED_NOW, dispose };
}
