// The demo's core banking system: written apart from Garde's database, with the customers Garde
// holds (same customer numbers), on every backend the demo offers: an embedded folder, a sibling
// PostgreSQL database, MariaDB. Re-seeding replaces its rows; a database it did not make is refused.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, BACKENDS, testDeps } from '../../test/support/backends.ts';
import { MYSQL_URL } from '../../test/support/systems.ts';
import { openSession } from '../datasets/connector.ts';
import { demoCoreOf, demoCoreUrl, provideDemoCore, writeDemoCore } from './core.ts';
import { seedDemo } from './seed.ts';

type Target = 'embedded' | 'postgres' | 'mariadb';
const TARGETS: Target[] = [
  'embedded',
  ...(BACKENDS.includes('postgres') ? (['postgres'] as const) : []),
  ...(MYSQL_URL ? (['mariadb'] as const) : []),
];

describe.each(TARGETS)('the demo core system, %s', (target) => {
  let deps: Awaited<ReturnType<typeof testDeps>>;
  let dir: string;
  const name = `garde_democore_${process.pid}_${randomBytes(3).toString('hex')}`;
  let url: string;
  const query = async (sql: string) => {
    const core = demoCoreOf(deps.policy);
    if (!core) throw new Error('the bank policy declares no demo core');
    const { session } = await openSession({ ...core.dataset, connection: { url: 'U' } }, { U: url });
    try {
      return (await session.query(sql, [])).rows;
    } finally {
      await session.close();
    }
  };

  beforeAll(async () => {
    deps = await testDeps(target === 'postgres' ? 'postgres' : 'pglite', {
      policy: 'policies/retail-bank.yaml',
    });
    await seedDemo(deps, 60);
    dir = await mkdtemp(join(tmpdir(), 'garde-democore-'));
    const u = new URL(adminUrl());
    u.pathname = `/${name}`;
    deps.config = {
      ...deps.config,
      dataDir: dir,
      databaseUrl: target === 'postgres' ? u.toString() : undefined,
      demoMysqlUrl:
        target === 'mariadb' ? `${(MYSQL_URL as string).replace(/\/[^/]*$/, '')}/${name}_core` : undefined,
    };
    url = demoCoreUrl(deps.config, 'GARDE_CORE_URL', {}).url;
  });
  afterAll(async () => {
    await deps?.dispose();
    await rm(dir, { recursive: true, force: true });
    if (target === 'postgres') {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}_core WITH (FORCE)`).finally(() => c.end());
    }
    if (target === 'mariadb') {
      const { openMysql } = await import('../platform/db/mysql.ts');
      const s = await openMysql(MYSQL_URL as string);
      await s.query(`DROP DATABASE IF EXISTS ${name}_core`).finally(() => s.close());
    }
  });

  it('lives apart from Garde, where the demo says, and holds every customer by customer number with their accounts', async () => {
    expect(url).toEqual(
      {
        embedded: `pglite:${dir}/core`,
        postgres: expect.stringMatching(new RegExp(`/${name}_core$`)),
        mariadb: expect.stringMatching(new RegExp(`^mysql://.*/${name}_core$`)),
      }[target],
    );
    const core = await provideDemoCore(deps, {}, { rewrite: false });
    const garde = await deps.db.query<{ external_ref: string; email: string; accounts: number }>(
      `SELECT s.external_ref, i.email, (SELECT count(*)::int FROM holdings h WHERE h.subject_id = s.id) AS accounts
         FROM subjects s JOIN identities i ON i.subject_id = s.id WHERE s.external_ref IS NOT NULL ORDER BY 1`,
    );
    expect(garde.rows.length).toBe(60);
    expect(core?.written?.customers).toBe(60);
    const held = await query(
      `SELECT c.customer_no, c.email, (SELECT count(*) FROM accounts a WHERE a.customer_no = c.customer_no) AS accounts
         FROM customers c ORDER BY 1`,
    );
    expect(
      held.map((r) => ({ external_ref: r.customer_no, email: r.email, accounts: Number(r.accounts) })),
    ).toEqual(garde.rows);
    // A later start finds it written and leaves it be.
    expect((await provideDemoCore(deps, {}, { rewrite: false }))?.written).toBeNull();
  });

  it('re-seeding replaces its rows rather than adding to them', async () => {
    const core = demoCoreOf(deps.policy);
    if (!core) throw new Error('no demo core');
    const first = await writeDemoCore(deps, url, core);
    const again = await writeDemoCore(deps, url, core);
    expect(again.customers).toBe(first.customers);
    const [n] = await query('SELECT count(*) AS n FROM customers');
    expect(Number(n?.n)).toBe(first.customers);
  });

  it('refuses a database with tables of the same names it did not make', async () => {
    const core = demoCoreOf(deps.policy);
    if (!core) throw new Error('no demo core');
    await query('DROP TABLE garde_demo_core');
    await expect(writeDemoCore(deps, url, core)).rejects.toThrow(
      /already has tables customers, accounts, contact_history that the demo did not write/,
    );
  });
});
