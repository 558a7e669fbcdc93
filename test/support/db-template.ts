// Migrated templates, so a test's fresh database is a copy rather than 48 migrations replayed.
// Replaying them costs 1-3 s per database on this 2-core machine, and the suite opens hundreds;
// a copy costs a PGlite start (about 0.7 s) or a PostgreSQL `CREATE DATABASE ... TEMPLATE`.
//
// A template is named after a hash of the migration files, so a changed migration makes a new
// one and a stale one is never used. vitest's globalSetup makes them before the workers start
// (web-build.ts); a run without it (or a template dropped meanwhile) makes them on first use,
// under a lock, so two workers or two runs never build the same one at once.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb } from '../../src/platform/db/index.ts';
import { migrate, readMigrations } from '../../src/platform/db/migrate.ts';
import { createPglite, pgliteDb } from '../../src/platform/db/pglite.ts';

/** 12 hex characters naming the set of migrations a template holds. */
export async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  for (const m of await readMigrations()) hash.update(`${m.version}\0${m.name}\0${m.sql}\0`);
  return hash.digest('hex').slice(0, 12);
}

const pgliteFile = (key: string) => join(tmpdir(), `garde-test-template-${key}.tar`);

// An advisory lock of the admin database, held while a template is looked for or built.
const TEMPLATE_LOCK = 0x6761_7274;

let pgliteBlob: Promise<Blob> | undefined;

/** The PGlite template's files (a tarball for `loadDataDir`), made once per machine and migration set. */
export function pgliteTemplate(): Promise<Blob> {
  pgliteBlob ??= (async () => {
    const file = pgliteFile(await templateKey());
    if (!existsSync(file)) {
      const instance = await createPglite(undefined);
      const db = pgliteDb(instance);
      try {
        await migrate(db);
        const dump = await instance.dumpDataDir('none');
        // Written aside, then renamed: a reader sees the whole file or none.
        const part = `${file}.${process.pid}.part`;
        await writeFile(part, Buffer.from(await dump.arrayBuffer()));
        await rename(part, file);
      } finally {
        await db.close();
      }
    }
    return new Blob([await readFile(file)]);
  })();
  return pgliteBlob;
}

/** The PostgreSQL template database's name for the current migrations, made if missing. */
export async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `garde_tpl_${await templateKey()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return name;
    const building = `${name}_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${building}`);
    await admin.query(`CREATE DATABASE ${building}`);
    const url = new URL(adminUrl);
    url.pathname = `/${building}`;
    const db = await openDb({ databaseUrl: url.toString(), dataDir: undefined, poolSize: 1 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    // Renamed once complete: a template under its final name is always fully migrated.
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {});
    await admin.end();
  }
}
