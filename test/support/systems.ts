// The controller's systems the connector suites reach (issue 16): a PostgreSQL "CRM" and a
// MariaDB "core", each a fresh database dropped afterwards. PostgreSQL is the test server when
// there is one, else an embedded PGlite folder; MariaDB is GARDE_TEST_MYSQL_URL (CI sets it).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openMysql } from '../../src/platform/db/mysql.ts';
import { adminUrl, BACKENDS } from './backends.ts';

export const MYSQL_URL = process.env.GARDE_TEST_MYSQL_URL;

export const MYSQL_REQUIRED = {
  ok: MYSQL_URL !== undefined,
  why: 'no MariaDB or MySQL for the connector suite (set GARDE_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test)',
};

export type System = {
  /** The connection URL, to put in the environment variable the policy names. */
  url: string;
  /** Runs statements (setup, checks) in the system's own dialect. */
  exec(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
};

const id = () => `garde_sys_${process.pid}_${randomBytes(4).toString('hex')}`;

/** A fresh PostgreSQL database: on the test server when PostgreSQL is a backend, else PGlite on disk. */
export async function freshPostgresSystem(): Promise<System> {
  if (!BACKENDS.includes('postgres')) {
    const dir = await mkdtemp(join(tmpdir(), 'garde-sys-'));
    const { openPglite } = await import('../../src/platform/db/pglite.ts');
    const url = `pglite:${dir}`;
    return {
      url,
      async exec(sql, params = []) {
        const db = await openPglite(dir);
        try {
          if (params.length === 0 && sql.includes(';')) {
            await db.exec(sql);
            return [];
          }
          return (await db.query<Record<string, unknown>>(sql, params)).rows;
        } finally {
          await db.close();
        }
      },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = id();
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    url,
    async exec(sql, params = []) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows;
      } finally {
        await c.end();
      }
    },
    async dispose() {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    },
  };
}

/** A fresh MariaDB/MySQL database on GARDE_TEST_MYSQL_URL's server. */
export async function freshMysqlSystem(): Promise<System> {
  if (!MYSQL_URL) throw new Error(MYSQL_REQUIRED.why);
  const name = id();
  const admin = await openMysql(MYSQL_URL);
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.close());
  const u = new URL(MYSQL_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    url,
    async exec(sql, params = []) {
      const s = await openMysql(url);
      try {
        return (await s.query(sql, params)).rows;
      } finally {
        await s.close();
      }
    },
    async dispose() {
      const s = await openMysql(MYSQL_URL);
      await s.query(`DROP DATABASE IF EXISTS ${name}`).finally(() => s.close());
    },
  };
}
