// Applies migrations/NNN_name.sql in order, each in its own transaction, once. The same files
// run on PGlite and PostgreSQL; an advisory lock keeps two app processes from racing.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { letSignalsIn } from '../shutdown.ts';
import { LOCKS } from './locks.ts';
import type { Db } from './types.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export type Migration = { version: string; name: string; sql: string };

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => ({
      version: f.slice(0, 3),
      name: f.slice(4, -4),
      sql: await readFile(`${dir}/${f}`, 'utf8'),
    })),
  );
}

export async function pendingMigrations(db: Db, all?: Migration[]): Promise<Migration[]> {
  const migrations = all ?? (await readMigrations());
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('garde_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return migrations;
  const done = await db.query<{ version: string }>('SELECT version FROM garde_migrations');
  const applied = new Set(done.rows.map((r) => r.version));
  return migrations.filter((m) => !applied.has(m.version));
}

/** Returns the versions it applied. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const all = await readMigrations(dir);
  await db.query('SELECT pg_advisory_lock($1)', [LOCKS.migrate]);
  try {
    await db.exec(
      'CREATE TABLE IF NOT EXISTS garde_migrations (version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const pending = await pendingMigrations(db, all);
    for (const m of pending) {
      // A stop signal is handled between migrations, not after the last (shutdown.ts).
      await letSignalsIn();
      await db.transaction(async (tx) => {
        // Multi-statement files go through the simple-query path of each driver.
        for (const statement of splitStatements(m.sql)) await tx.query(statement);
        await tx.query('INSERT INTO garde_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      });
    }
    return pending.map((m) => m.version);
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrate]);
  }
}

/**
 * Splits a migration on semicolons that end a line, outside dollar-quoted bodies.
 * Migrations are written to respect that: one statement ends with ';' at the end of its line.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    const stripped = line.replace(/--.*$/, '');
    const dollars = (stripped.match(/\$\$/g) ?? []).length;
    if (dollars % 2 === 1) inDollar = !inDollar;
    current += `${line}\n`;
    if (!inDollar && /;\s*$/.test(stripped)) {
      if (current.replace(/--.*$/gm, '').trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.replace(/--.*$/gm, '').trim()) out.push(current.trim());
  return out;
}
