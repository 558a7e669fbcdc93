// Black box: README step 6 followed literally on PostgreSQL, from a fresh clone (no data folder).
// The database must be created first (`garde migrate` says so), the demo keys belong to the
// database they were made in, and making them never leaves live keys that nobody holds.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGardeClient } from '../../clients/typescript/index.ts';
import { garde, startServer, stop, stopAll } from '../support/cli.ts';
import { describeWhen, POSTGRES_REQUIRED } from '../support/requires.ts';

const CEILING = { timeout: 240_000 };
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describeWhen(POSTGRES_REQUIRED, 'test/e2e/postgres-readme.test.ts')(
  'README step 6 on PostgreSQL',
  CEILING,
  () => {
    const name = `garde_readme_${randomBytes(4).toString('hex')}`;
    let home: string;
    let env: Record<string, string>;
    let url: string;
    const count = async (sql: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return Number((await c.query<{ n: string }>(sql)).rows[0]?.n);
      } finally {
        await c.end();
      }
    };

    beforeAll(async () => {
      home = await mkdtemp(join(tmpdir(), 'garde-readme-'));
      const u = new URL(ADMIN_URL);
      u.pathname = `/${name}`;
      url = u.toString();
      // A fresh clone: ./.garde does not exist yet.
      env = {
        DATABASE_URL: url,
        GARDE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        GARDE_DATA: join(home, '.garde'),
        PORT: '0',
        LOG_LEVEL: 'warn',
      };
    });
    afterAll(async () => {
      await stopAll();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      // The demo's core banking system, beside Garde's database.
      await admin(`DROP DATABASE IF EXISTS ${name}_core WITH (FORCE)`);
      await rm(home, { recursive: true, force: true });
    });

    it('`garde migrate` on a database that does not exist says so, and how to create it (exit 2)', async () => {
      const r = await garde(['migrate'], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`DATABASE_URL: database "${name}" does not exist`);
      expect(r.stderr).toContain(`createdb -h ${new URL(url).hostname}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    it('a database created but never migrated is no Garde database to `garde audit verify` (exit 2)', async () => {
      await admin(`CREATE DATABASE ${name}`);
      try {
        const r = await garde(['audit', 'verify'], env);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`DATABASE_URL: no Garde database in database "${name}" on`);
        expect(await count("SELECT count(*) AS n FROM pg_tables WHERE tablename = 'garde_migrations'")).toBe(
          0,
        );
      } finally {
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        // The demo's core banking system, beside Garde's database.
        await admin(`DROP DATABASE IF EXISTS ${name}_core WITH (FORCE)`);
      }
    });

    it('demo keys that cannot be recorded are not made', async () => {
      await admin(`CREATE DATABASE ${name}`);
      expect((await garde(['migrate'], env)).code).toBe(0);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const id = (await c.query<{ instance_id: string }>('SELECT instance_id FROM instance')).rows[0]
        ?.instance_id;
      await c.end();
      // The keys file's place is taken by a folder: recording fails after the keys are made.
      const blocker = join(env.GARDE_DATA as string, `demo-keys-${id}.json`);
      await mkdir(blocker, { recursive: true });
      const r = await garde(['serve', '--demo'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('cannot record the demo keys');
      expect(await count('SELECT count(*) AS n FROM api_keys')).toBe(0);
      await rm(env.GARDE_DATA as string, { recursive: true });
    });

    it('`garde serve --demo` makes this database its own keys, and each works for its role', async () => {
      // A PGlite run left its keys in the data folder: they are not this database's.
      await mkdir(env.GARDE_DATA as string, { recursive: true });
      const foreign = { admin: `garde_${'0'.repeat(12)}_${'A'.repeat(43)}` };
      await writeFile(join(env.GARDE_DATA as string, 'demo-keys.json'), JSON.stringify(foreign));
      const server = await startServer(['--demo'], env);
      let keys: Record<string, string>;
      try {
        expect(server.output()).not.toContain(foreign.admin);
        const files = (await readdir(env.GARDE_DATA as string)).filter((f) => f.startsWith('demo-keys-'));
        expect(files).toHaveLength(1);
        keys = JSON.parse(await readFile(join(env.GARDE_DATA as string, files[0] as string), 'utf8'));
        expect(server.output()).toContain(keys.admin);
        const as = (role: string) => createGardeClient({ baseUrl: server.url, apiKey: keys[role] });
        const dpo = await as('dpo').GET('/v1/subjects', { params: { query: { limit: 1 } } });
        expect(dpo.response.status).toBe(200);
        expect((await as('admin').GET('/v1/keys')).response.status).toBe(200);
        const features = await as('processor').GET('/v1/processor/features', {
          params: { query: { purpose: 'web-personalisation', limit: 2 } },
        });
        expect(features.response.status, JSON.stringify(features.error)).toBe(200);
        // The demo's core system: a second database on the same server, with Garde's customers.
        const core = new URL(url);
        core.pathname = `/${name}_core`;
        expect(server.output()).toContain('demo core system (dataset core-banking)');
        expect(server.output()).toContain(`GARDE_CORE_URL=${core}`);
        const customers = await count('SELECT count(*) AS n FROM subjects WHERE external_ref IS NOT NULL');
        expect(customers).toBeGreaterThan(0);
        const c = new pg.Client({ connectionString: core.toString() });
        await c.connect();
        try {
          const held = await c.query<{ n: string }>('SELECT count(*) AS n FROM customers');
          expect(Number(held.rows[0]?.n)).toBe(customers);
        } finally {
          await c.end();
        }
      } finally {
        await stop(server.child);
      }
      const made = await count('SELECT count(*) AS n FROM api_keys');
      const again = await startServer(['--demo'], env);
      try {
        expect(again.output()).toContain(keys.admin);
        expect(await count('SELECT count(*) AS n FROM api_keys')).toBe(made);
      } finally {
        await stop(again.child);
      }
    });
  },
);
