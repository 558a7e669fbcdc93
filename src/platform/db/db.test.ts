import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDb } from '../../../test/support/backends.ts';
import { type Db, requireSetUp } from './index.ts';
import { migrate, pendingMigrations, splitStatements } from './migrate.ts';

describe('splitStatements', () => {
  it('splits on line-ending semicolons but not inside dollar-quoted bodies', () => {
    const sql = `CREATE TABLE a (x int); -- one\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN NULL;\nEND;\n$$;\n-- trailing comment\n`;
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(2);
    expect(parts[1]).toContain('RETURN NULL;');
  });
});

describe.each(BACKENDS)('database on %s', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await freshDb(backend));
  });
  afterAll(() => dispose());

  it('applies migrations once and reports nothing pending', async () => {
    expect(await migrate(db)).toEqual([]);
    expect(await pendingMigrations(db)).toEqual([]);
  });

  it('bulk-loads with COPY, keeping NULL, empty strings, quotes, dates and bytes apart', async () => {
    const rows = [
      ['customer', null, '2020-01-31', Buffer.from([0, 1, 255])],
      ['prospect', '', null, null],
      ['former', 'a "quoted", value\nwith a newline', '2019-12-01', Buffer.alloc(0)],
    ];
    const ids = await db.transaction(async (tx) => {
      const inserted = await tx.copyIn(
        'subjects',
        ['lifecycle', 'external_ref', 'contract_ended_on', 'id'],
        rows.map(([l, r, d]) => [l, r, d, crypto.randomUUID()]),
      );
      expect(inserted).toBe(3);
      return (await tx.query<{ id: string }>('SELECT id FROM subjects')).rows.map((r) => r.id);
    });
    const got = await db.query<{
      lifecycle: string;
      external_ref: string | null;
      contract_ended_on: string | null;
    }>(
      'SELECT lifecycle, external_ref, contract_ended_on FROM subjects WHERE id = ANY($1::uuid[]) ORDER BY lifecycle',
      [ids],
    );
    expect(got.rows).toEqual([
      { lifecycle: 'customer', external_ref: null, contract_ended_on: '2020-01-31' },
      {
        lifecycle: 'former',
        external_ref: 'a "quoted", value\nwith a newline',
        contract_ended_on: '2019-12-01',
      },
      { lifecycle: 'prospect', external_ref: '', contract_ended_on: null },
    ]);
  });

  it('rolls a failed transaction back entirely', async () => {
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM subjects')).rows[0]?.n;
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO subjects (lifecycle) VALUES ('prospect')");
        await tx.query("INSERT INTO subjects (lifecycle) VALUES ('nonsense')");
      }),
    ).rejects.toThrow();
    const after = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM subjects')).rows[0]?.n;
    expect(after).toBe(before);
  });

  it('returns bigint as number and date as YYYY-MM-DD on both drivers', async () => {
    const r = await db.query<{ n: number; d: string; t: Date }>(
      "SELECT 9007199254740::bigint AS n, DATE '2024-02-29' AS d, now() AS t",
    );
    expect(r.rows[0]).toMatchObject({ n: 9007199254740, d: '2024-02-29' });
    expect(r.rows[0]?.t).toBeInstanceOf(Date);
  });

  it('gives back every instant PostgreSQL holds, years 0001-0099 included, on both drivers', async () => {
    const instants = [
      '0001-01-01T00:00:00.000Z',
      '0099-06-15T12:34:56.789Z',
      '1999-12-31T23:59:59.999Z',
      '9999-12-31T23:59:59.999Z',
    ];
    const r = await db.query<{ t: Date; p: Date }>(
      "SELECT t::timestamptz AS t, (t::timestamptz AT TIME ZONE 'UTC') AS p FROM unnest($1::text[]) t",
      [instants],
    );
    expect(r.rows.map((x) => x.t.toISOString())).toEqual(instants);
    expect(r.rows.map((x) => x.p.toISOString())).toEqual(instants);
  });
});

describe.each(BACKENDS)('a database never set up, on %s', (backend) => {
  it('is no Garde database to commands that work on data, and says which variable points at it', async () => {
    const fresh = await freshDb(backend, { migrate: false });
    try {
      const target = { databaseUrl: fresh.url, dataDir: fresh.url ? undefined : '/srv/garde' };
      const variable = fresh.url ? 'DATABASE_URL' : 'GARDE_DATA';
      const where = fresh.url ? `database "${new URL(fresh.url).pathname.slice(1)}" on` : '/srv/garde';
      await expect(requireSetUp(fresh.db, target)).rejects.toThrow(
        `${variable}: no Garde database in ${where}`,
      );
      await migrate(fresh.db);
      await expect(requireSetUp(fresh.db, target)).resolves.toBeUndefined();
    } finally {
      await fresh.dispose();
    }
  });
});
