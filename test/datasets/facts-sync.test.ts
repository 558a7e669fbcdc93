// Issue 16: lifecycle facts read from a PostgreSQL "CRM" and a MariaDB "core" drive what decide()
// allows, as a push through the API would; a second sync changes nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { subjectState } from '../../src/consent/consent.ts';
import { DatasetUnavailableError } from '../../src/datasets/connector.ts';
import { syncDatasetFacts } from '../../src/datasets/facts-sync.ts';
import { decide } from '../../src/decide/decide.ts';
import type { Deps } from '../../src/platform/deps.ts';
import type { Dataset } from '../../src/policy/schema.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { BACKENDS, FIXED_NOW, testDeps } from '../support/backends.ts';
import { describeWhen } from '../support/requires.ts';
import { freshMysqlSystem, freshPostgresSystem, MYSQL_REQUIRED, type System } from '../support/systems.ts';

const crm = (kind: Dataset['kind'], env: string): Dataset => ({
  id: 'crm',
  description: 'CRM',
  kind,
  connection: { url: env },
  tables: [
    {
      name: 'contracts',
      person: { by: 'external-ref', column: 'customer_no' },
      fields: [{ column: 'started_on', category: 'contract-billing' }],
    },
  ],
  facts: {
    table: 'contracts',
    person: { by: 'external-ref', column: 'customer_no' },
    customerSince: 'started_on',
    contractEnd: 'ended_on',
    lastContact: 'last_contact_at',
    holdings: {
      table: 'accounts',
      person: { by: 'external-ref', column: 'customer_no' },
      product: 'product_code',
      account: 'account_no',
      since: 'opened_on',
    },
  },
});

const ddl = (kind: 'postgresql' | 'mysql') => [
  `CREATE TABLE contracts (id integer PRIMARY KEY, customer_no varchar(20), started_on date, ended_on date, last_contact_at ${kind === 'mysql' ? 'datetime' : 'timestamptz'})`,
  `CREATE TABLE accounts (customer_no varchar(20) NOT NULL, product_code varchar(40) NOT NULL, account_no varchar(20) NOT NULL, opened_on date NOT NULL)`,
  `INSERT INTO contracts VALUES
     (1, 'C-1', '2015-01-01', '2026-05-15', NULL),
     (2, 'C-2', '2015-01-01', '2019-12-31', NULL),
     (3, 'C-2', '2020-06-01', NULL, NULL),
     (4, 'C-3', NULL, NULL, '2025-05-01 10:00:00'),
     (5, 'C-5', '2010-01-01', '2012-01-01', NULL),
     (6, 'C-9', '2020-01-01', NULL, NULL),
     (7, NULL, '2020-01-01', NULL, NULL)`,
  `INSERT INTO accounts VALUES
     ('C-2', 'heat-pump', 'A-1', '2020-06-01'),
     ('C-2', 'boiler-maintenance', 'A-2', '2021-01-01'),
     ('C-1', 'yacht', 'Z-1', '2016-01-01')`,
];

const marketing = {
  purpose: 'marketing-customers',
  action: 'contact',
  channel: 'door-to-door',
  sender: 'energy-services',
} as const;
const mail = {
  purpose: 'marketing-email-prospects',
  action: 'contact',
  channel: 'email',
  sender: 'energy-services',
} as const;

for (const kind of ['postgresql', 'mysql'] as const) {
  const describeKind =
    kind === 'mysql'
      ? describeWhen(MYSQL_REQUIRED, 'facts-sync.test.ts')
      : describeWhen({ ok: true, why: '' }, '');
  for (const backend of BACKENDS)
    describeKind(`lifecycle facts read from a ${kind} system into Garde on ${backend}`, () => {
      let sys: System;
      let d: Deps & { dispose(): Promise<void> };
      const ENV = `GARDE_TEST_FACTS_${kind.toUpperCase()}_${process.pid}`;
      const dataset = crm(kind, ENV);
      const ids: Record<string, string> = {};
      const sync = () => syncDatasetFacts(d, dataset, { env: { [ENV]: sys.url }, page: 2 });
      const audits = async () =>
        (
          await d.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM audit_pending WHERE action = 'subject.facts'",
          )
        ).rows[0]?.n;
      beforeAll(async () => {
        sys = kind === 'mysql' ? await freshMysqlSystem() : await freshPostgresSystem();
        for (const s of ddl(kind)) await sys.exec(s);
        d = await testDeps(backend, { policy: 'policies/energy-services.yaml' });
        const make = async (ref: string, body: Parameters<typeof createSubject>[1]) => {
          ids[ref] = (await createSubject(d, { ...body, externalRef: ref }, 'test')).id;
        };
        await make('C-1', { lifecycle: 'customer', customerSince: '2015-01-01' });
        await make('C-2', { lifecycle: 'customer', customerSince: '2015-01-01' });
        await make('C-3', { lifecycle: 'prospect', lastContactAt: '2026-06-01T00:00:00Z' });
        await make('C-4', {
          lifecycle: 'former',
          customerSince: '2010-01-01',
          contractEndedOn: '2020-01-01',
        });
        await make('C-5', { lifecycle: 'prospect' });
        // C-4's holding was pushed once; the CRM, the record of holdings, no longer lists C-4.
        await d.db.query(
          "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, 'water-softener', 'W-1', '2012-01-01')",
          [ids['C-4']],
        );
      });
      afterAll(async () => {
        await d?.dispose();
        await sys?.dispose();
      });

      it('writes what the system holds: a contract end makes a customer former, a last contact runs the prospect clock (EN-10)', async () => {
        const report = await sync();
        expect(report).toMatchObject({
          dataset: 'crm',
          persons: 7,
          changed: 3,
          unchanged: 1,
          unknown: 1,
          refused: 2,
          holdersCleared: 1,
        });
        const state = async (ref: string) => subjectState(d, ids[ref] as string);
        const c1 = await state('C-1');
        expect([c1.lifecycle, c1.contractEndedOn]).toEqual(['former', '2026-05-15']);
        expect(decide(d.policy, c1, marketing, FIXED_NOW).allow).toBe(true);
        expect(decide(d.policy, c1, marketing, new Date('2030-05-16T00:00:00Z')).reasons).toContain(
          'former.window-ended',
        );
        const c3 = await state('C-3');
        expect(new Date(c3.lastContactAt as string).toISOString()).toBe('2025-05-01T10:00:00.000Z');
        expect(decide(d.policy, c3, mail, FIXED_NOW).reasons).toContain('prospect.expired');
        const held = await d.db.query<{ ref: string; product_code: string }>(
          `SELECT s.external_ref AS ref, h.product_code FROM holdings h JOIN subjects s ON s.id = h.subject_id
            ORDER BY s.external_ref, h.product_code`,
        );
        expect(held.rows).toEqual([
          { ref: 'C-2', product_code: 'boiler-maintenance' },
          { ref: 'C-2', product_code: 'heat-pump' },
        ]);
        expect((await state('C-2')).lifecycle).toBe('customer');
      });

      it("refuses a bad row naming the row's key and the fact, never its value, and writes the rest", async () => {
        const report = await sync();
        expect(report.refusedRows).toEqual([
          {
            table: 'contracts',
            key: 'C-5',
            field: 'lifecycle',
            reason: 'lifecycle cannot go from prospect to former',
          },
          {
            table: 'accounts',
            key: 'C-1',
            field: 'holdings/0/product',
            reason: expect.stringMatching(/^is not a product of the policy/),
          },
        ]);
        expect(JSON.stringify(report.refusedRows)).not.toMatch(/yacht|2012-01-01/);
        expect((await subjectState(d, ids['C-5'] as string)).lifecycle).toBe('prospect');
      });

      it('a table the system does not have fails the sync by the dataset, without its URL, and writes nothing', async () => {
        const before = await audits();
        const missing = { ...dataset, facts: { ...dataset.facts, table: 'no_such_table' } };
        const err = await syncDatasetFacts(d, missing, { env: { [ENV]: sys.url } }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DatasetUnavailableError);
        expect((err as Error).message).toMatch(/^dataset "crm" cannot be reached/);
        expect((err as Error).message).not.toContain(sys.url);
        expect(await audits()).toBe(before);
      });

      it('a second sync changes nothing and writes no audit entry', async () => {
        const before = await audits();
        const versions = async () =>
          (await d.db.query<{ v: number }>('SELECT sum(version)::int AS v FROM subjects')).rows[0]?.v;
        const v = await versions();
        const report = await sync();
        expect(report).toMatchObject({ changed: 0, unchanged: 4, unknown: 1, refused: 2, holdersCleared: 0 });
        expect(await audits()).toBe(before);
        expect(await versions()).toBe(v);
      });
    });
}
