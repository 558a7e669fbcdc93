// The SQL connectors against real systems: a PostgreSQL "CRM" and a MariaDB "core". Each action
// is one parameterised statement in one transaction; a retried action changes nothing twice.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { erasureActions, type PersonKeys } from '../../src/datasets/actions.ts';
import { openConnector } from '../../src/datasets/connector.ts';
import type { Dataset } from '../../src/policy/schema.ts';
import { describeWhen } from '../support/requires.ts';
import { freshMysqlSystem, freshPostgresSystem, MYSQL_REQUIRED, type System } from '../support/systems.ts';

const invoices = (kind: Dataset['kind'], env: string): Dataset => ({
  id: 'core',
  description: 'Core',
  kind,
  connection: { url: env },
  tables: [
    {
      name: 'invoices',
      person: { by: 'external-ref', column: 'customer_no' },
      fields: [
        { column: 'amount_cents', category: 'billing' },
        { column: 'issued_on', category: 'billing' },
        { column: 'holder_name', category: 'identification', field: 'familyName' },
      ],
      clocks: { 'invoice-date': 'issued_on' },
    },
    {
      name: 'people',
      person: { by: 'email', column: 'email' },
      fields: [
        { column: 'email', category: 'identification', field: 'email' },
        { column: 'family_name', category: 'identification', field: 'familyName' },
      ],
      restriction: { column: 'restricted' },
    },
  ],
});

const ddl = (kind: 'postgresql' | 'mysql') => [
  `CREATE TABLE invoices (id integer PRIMARY KEY, customer_no varchar(20) NOT NULL, amount_cents integer, issued_on date NOT NULL, holder_name varchar(100))`,
  `CREATE TABLE people (email varchar(200) PRIMARY KEY, family_name varchar(100), restricted ${kind === 'mysql' ? 'tinyint(1)' : 'boolean'} NOT NULL DEFAULT false)`,
  `INSERT INTO invoices VALUES (1, 'C-1', 1000, '2014-03-01', 'Dupont'), (2, 'C-1', 2000, '2020-03-01', 'Dupont'), (3, 'C-2', 3000, '2014-03-01', 'Martin')`,
  `INSERT INTO people (email, family_name) VALUES ('Jo.Dupont@Example.com', 'Dupont'), ('m@example.com', 'Martin')`,
];

const jo: PersonKeys = {
  'subject-id': '00000000-0000-4000-8000-000000000001',
  'external-ref': 'C-1',
  email: 'jo.dupont@example.com',
};
const NOW = new Date('2026-06-15T10:00:00Z');

for (const kind of ['postgresql', 'mysql'] as const) {
  const describeKind =
    kind === 'mysql'
      ? describeWhen(MYSQL_REQUIRED, 'connectors.test.ts')
      : describeWhen({ ok: true, why: '' }, '');
  describeKind(`${kind} connector`, () => {
    let sys: System;
    const ENV = `GARDE_TEST_${kind.toUpperCase()}_URL_${process.pid}`;
    const dataset = invoices(kind, ENV);
    const env = () => ({ [ENV]: sys.url });
    beforeAll(async () => {
      sys = kind === 'mysql' ? await freshMysqlSystem() : await freshPostgresSystem();
      for (const s of ddl(kind)) await sys.exec(s);
    });
    afterAll(() => sys?.dispose());

    it("reads the person's rows of every table, by customer number and by e-mail in any case", async () => {
      const c = await openConnector(dataset, env());
      try {
        const rows = await c.read(jo);
        expect(rows).toEqual([
          {
            table: 'invoices',
            rows: [
              { amount_cents: 1000, issued_on: '2014-03-01', holder_name: 'Dupont' },
              { amount_cents: 2000, issued_on: '2020-03-01', holder_name: 'Dupont' },
            ],
          },
          { table: 'people', rows: [{ email: 'Jo.Dupont@Example.com', family_name: 'Dupont' }] },
        ]);
      } finally {
        await c.close();
      }
    });

    it('erasure keeps the invoices a ten-year obligation still holds, masks the name on them, and acts once; its dry run counts what the run then does', async () => {
      const fates = new Map([
        [
          'billing',
          { action: 'erase-expired' as const, rule: 'billing-10y', clock: 'invoice-date', duration: 'P10Y' },
        ],
        ['identification', { action: 'erase' as const }],
      ]);
      const actions = (dataset.tables ?? []).flatMap((t) => erasureActions(t, fates, NOW));
      const c = await openConnector(dataset, env());
      try {
        const dry = await c.apply(jo, actions, { dryRun: true });
        expect(dry.done && dry.results.map((r) => [r.table, r.op, r.rows])).toEqual([
          ['invoices', 'delete', 1],
          ['invoices', 'mask', 1],
          ['invoices', 'keep', 1],
          ['people', 'delete', 1],
        ]);
        const first = await c.apply(jo, actions);
        expect(first.done && first.results).toEqual([
          { table: 'invoices', op: 'delete', rows: 1 },
          { table: 'invoices', op: 'mask', rows: 1 },
          { table: 'invoices', op: 'keep', rows: 1, newest: '2020-03-01' },
          { table: 'people', op: 'delete', rows: 1 },
        ]);
        const again = await c.apply(jo, actions);
        expect(again.done && again.results.map((r) => r.rows)).toEqual([0, 0, 1, 0]);
      } finally {
        await c.close();
      }
      expect(await sys.exec('SELECT id, customer_no, holder_name FROM invoices ORDER BY id')).toEqual([
        { id: 2, customer_no: 'C-1', holder_name: null },
        { id: 3, customer_no: 'C-2', holder_name: 'Martin' },
      ]);
      expect(await sys.exec('SELECT email FROM people')).toEqual([{ email: 'm@example.com' }]);
    });

    it('an unreachable system is named, without its password', async () => {
      const bad =
        kind === 'mysql' ? 'mysql://root:s3cret@127.0.0.1:1/x' : 'postgres://u:s3cret@127.0.0.1:1/x';
      const err = await openConnector(dataset, { [ENV]: bad }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/^dataset "core" cannot be reached/);
      expect(err?.message).not.toContain('s3cret');
    });
  });
}
