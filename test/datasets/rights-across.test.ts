// Issue 16: a person's rights reach every system that keeps their data. A former customer of the
// energy company is kept in Garde, in a PostgreSQL "CRM" (service visits, by e-mail) and in a
// MariaDB "core" (customers and invoices, by customer number). Erasure keeps only the invoices a
// ten-year obligation still holds, lists them with the rule and the day they go, and leaves
// nothing else of the person in any system; access and portability carry every system's rows;
// a system that is down leaves the request pending with the error, and a retry finishes it
// without acting twice.
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSubject } from '../../src/subjects/subjects.ts';
import { BACKENDS } from '../support/backends.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { policyVariant } from '../support/policy-variant.ts';
import { describeWhen } from '../support/requires.ts';
import { freshMysqlSystem, freshPostgresSystem, MYSQL_REQUIRED, type System } from '../support/systems.ts';

const CRM_URL = `GARDE_TEST_CRM_URL_${process.pid}`;
const CORE_URL = `GARDE_TEST_CORE_URL_${process.pid}`;

/** The energy policy, its service history in a PostgreSQL CRM, its billing and identity also in a MariaDB core. */
const connectedPolicy = () =>
  policyVariant('policies/energy-services.yaml', (doc) => {
    doc.datasets = [
      {
        id: 'crm',
        description: { fr: 'CRM de service', nl: 'Service-CRM', en: 'Service CRM' },
        kind: 'postgresql',
        connection: { url: CRM_URL },
        tables: [
          {
            name: 'service_visits',
            person: { by: 'email', column: 'email' },
            fields: [
              { column: 'service', category: 'product-usage', field: 'service' },
              { column: 'performed_on', category: 'product-usage', field: 'performedOn' },
              { column: 'technician_note', category: 'technical' },
            ],
          },
        ],
      },
      {
        id: 'core',
        description: { fr: 'Facturation', nl: 'Facturatie', en: 'Core billing' },
        kind: 'mysql',
        connection: { url: CORE_URL },
        tables: [
          {
            name: 'customers',
            person: { by: 'external-ref', column: 'customer_no' },
            fields: [
              { column: 'email', category: 'identification', field: 'email' },
              { column: 'family_name', category: 'identification', field: 'familyName' },
              { column: 'given_name', category: 'identification', field: 'givenName' },
            ],
            restriction: { column: 'restricted' },
          },
          {
            name: 'invoices',
            person: { by: 'external-ref', column: 'customer_no' },
            fields: [
              { column: 'amount_cents', category: 'contract-billing', field: 'price' },
              { column: 'issued_on', category: 'contract-billing' },
              { column: 'holder_name', category: 'identification', field: 'familyName' },
            ],
            clocks: { 'invoice-date': 'issued_on' },
          },
        ],
      },
    ];
    for (const c of doc.categories) if (c.id === 'product-usage') delete c.storage;
  });

describeWhen(MYSQL_REQUIRED, 'rights-across.test.ts').each(BACKENDS)(
  'rights across datasets on %s',
  (backend) => {
    let t: TestApp;
    let crm: System;
    let core: System;
    const saved = { crm: process.env[CRM_URL], core: process.env[CORE_URL] };

    beforeAll(async () => {
      crm = await freshPostgresSystem();
      core = await freshMysqlSystem();
      await crm.exec(
        'CREATE TABLE service_visits (id serial PRIMARY KEY, email text NOT NULL, service text, performed_on date, technician_note text)',
      );
      await core.exec(
        'CREATE TABLE customers (customer_no varchar(20) PRIMARY KEY, email varchar(200), family_name varchar(100), given_name varchar(100), restricted tinyint(1) NOT NULL DEFAULT 0)',
      );
      await core.exec(
        'CREATE TABLE invoices (id int PRIMARY KEY AUTO_INCREMENT, customer_no varchar(20) NOT NULL, issued_on date NOT NULL, amount_cents int, holder_name varchar(100))',
      );
      process.env[CRM_URL] = crm.url;
      process.env[CORE_URL] = core.url;
      t = await testApp(backend, { policy: await connectedPolicy() });
    });
    afterAll(async () => {
      await t?.dispose();
      await crm?.dispose();
      await core?.dispose();
      for (const [k, v] of [
        [CRM_URL, saved.crm],
        [CORE_URL, saved.core],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    });

    const post = (url: string, payload: object = {}) =>
      t.app.inject({ method: 'POST', url, headers: t.as('dpo'), payload });
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.as('dpo') });

    /** A former customer whose contract ended more than ten years ago (FIXED_NOW is 2026-06-15). */
    async function formerCustomer(tag: string, familyName: string) {
      const customerNo = `C-${tag}-${crypto.randomUUID().slice(0, 8)}`;
      const email = `camille.${crypto.randomUUID().slice(0, 8)}@example.be`;
      const s = await createSubject(
        t.deps,
        {
          lifecycle: 'former',
          externalRef: customerNo,
          contractEndedOn: '2016-05-01',
          identity: { givenName: 'Camille', familyName, email },
        },
        'test',
      );
      await core.exec(
        'INSERT INTO customers (customer_no, email, family_name, given_name) VALUES (?, ?, ?, ?)',
        [customerNo, email, familyName, 'Camille'],
      );
      // One invoice past its ten years, one (the final bill) still inside them until 2026-06-30.
      await core.exec(
        'INSERT INTO invoices (customer_no, issued_on, amount_cents, holder_name) VALUES (?, ?, ?, ?), (?, ?, ?, ?)',
        [customerNo, '2015-01-31', 8000, familyName, customerNo, '2016-06-30', 4200, familyName],
      );
      // Upper case in the CRM: the e-mail is matched without case.
      await crm.exec(
        'INSERT INTO service_visits (email, service, performed_on, technician_note) VALUES ($1, $2, $3, $4)',
        [email.toUpperCase(), 'boiler service', '2015-10-02', `${familyName}: pressure low`],
      );
      return { id: s.id, customerNo, email, familyName };
    }

    async function request(subjectId: string, kind: string) {
      const r = await post(`/v1/subjects/${subjectId}/rights-requests`, { kind, channel: 'portal' });
      expect(r.statusCode).toBe(201);
      return r.json().id as string;
    }

    /** Every row of every table of a system that mentions any needle (the completeness scan). */
    async function mentions(sys: System, tables: string[], needles: string[]) {
      const found: string[] = [];
      for (const table of tables)
        for (const row of await sys.exec(`SELECT * FROM ${table}`)) {
          const text = JSON.stringify(row).toLowerCase();
          if (needles.some((n) => text.includes(n.toLowerCase())))
            found.push(`${table}: ${JSON.stringify(row)}`);
        }
      return found;
    }

    it('erasure keeps the invoices a ten-year obligation still holds, and nothing else of the person in any system', async () => {
      const p = await formerCustomer('erase', 'Verhaegen');
      const id = await request(p.id, 'erasure');
      const done = await post(`/v1/rights-requests/${id}/fulfilment`);
      expect(done.statusCode).toBe(200);
      const body = done.json();
      expect(body.status).toBe('completed');
      expect(body.steps.map((s: { dataset: string; status: string }) => [s.dataset, s.status])).toEqual([
        ['garde', 'done'],
        ['crm', 'done'],
        ['core', 'done'],
      ]);
      expect(body.outcome.kept).toContainEqual(
        expect.objectContaining({
          category: 'contract-billing',
          basis: 'legal-obligation',
          rule: 'billing-10y',
          until: '2026-06-30',
          dataset: 'core',
          table: 'invoices',
          records: 1,
        }),
      );
      // The kept invoice stays the person's (by customer number), without their name on it.
      expect(
        await core.exec(
          'SELECT customer_no, issued_on, amount_cents, holder_name FROM invoices WHERE customer_no = ?',
          [p.customerNo],
        ),
      ).toEqual([
        { customer_no: p.customerNo, issued_on: '2016-06-30', amount_cents: 4200, holder_name: null },
      ]);
      const needles = [p.email, p.familyName];
      expect(await mentions(core, ['customers', 'invoices'], needles)).toEqual([]);
      expect(await mentions(crm, ['service_visits'], needles)).toEqual([]);
      expect((await t.deps.db.query('SELECT 1 FROM subjects WHERE id = $1', [p.id])).rowCount).toBe(0);
    });

    it('access and portability carry every system’s rows, each field under its category', async () => {
      const p = await formerCustomer('access', 'Peeters');
      const id = await request(p.id, 'access');
      const done = await post(`/v1/rights-requests/${id}/fulfilment`);
      expect(done.json().status).toBe('completed');
      const report = await get(`/v1/subjects/${p.id}/access-report`);
      expect(report.statusCode).toBe(200);
      const categories = report.json().categories as { id: string; data: Record<string, unknown[]> }[];
      const data = (c: string) => categories.find((x) => x.id === c)?.data ?? {};
      expect(data('contract-billing')['core:invoices']).toEqual([
        { price: 8000, issued_on: '2015-01-31' },
        { price: 4200, issued_on: '2016-06-30' },
      ]);
      expect(data('identification')['core:customers']).toEqual([
        { email: p.email, familyName: 'Peeters', givenName: 'Camille' },
      ]);
      expect(data('identification')['core:invoices']).toEqual([
        { familyName: 'Peeters' },
        { familyName: 'Peeters' },
      ]);
      expect(data('product-usage')['crm:service_visits']).toEqual([
        { service: 'boiler service', performedOn: '2015-10-02' },
      ]);
      expect(data('technical')['crm:service_visits']).toEqual([{ technician_note: 'Peeters: pressure low' }]);
      const port = await request(p.id, 'portability');
      const ported = (await post(`/v1/rights-requests/${port}/fulfilment`)).json();
      expect(ported.status).toBe('completed');
      expect(ported.outcome.files).toEqual(
        expect.arrayContaining(['core/customers', 'core/invoices', 'crm/service_visits']),
      );
      const zip = await get(`/v1/subjects/${p.id}/export`);
      expect(zip.statusCode).toBe(200);
      const files = unzipSync(new Uint8Array(zip.rawPayload));
      const json = (name: string) => JSON.parse(strFromU8(files[name] as Uint8Array));
      expect(json('core/invoices.contract-billing.json')).toEqual([
        { price: 8000, issued_on: '2015-01-31' },
        { price: 4200, issued_on: '2016-06-30' },
      ]);
      expect(json('crm/service_visits.product-usage.json')).toEqual([
        { service: 'boiler service', performedOn: '2015-10-02' },
      ]);
      const manifest = json('manifest.json') as { files: { file: string; category: string; rows: number }[] };
      expect(manifest.files).toContainEqual(
        expect.objectContaining({ file: 'core/customers.json', category: 'identification', rows: 1 }),
      );
    });

    it('a system that is down leaves the request pending with the error; a retry finishes it without acting twice', async () => {
      const p = await formerCustomer('down', 'Claes');
      const id = await request(p.id, 'erasure');
      process.env[CORE_URL] = 'mysql://root@127.0.0.1:1/nowhere';
      let first: ReturnType<typeof JSON.parse>;
      try {
        first = (await post(`/v1/rights-requests/${id}/fulfilment`)).json();
      } finally {
        process.env[CORE_URL] = core.url;
      }
      expect(first.status).toBe('verified');
      const step = (d: string) => first.steps.find((s: { dataset: string }) => s.dataset === d);
      expect(step('garde').status).toBe('done');
      expect(step('crm').status).toBe('done');
      expect(step('core')).toMatchObject({ status: 'failed', attempts: 1 });
      expect(step('core').error).toMatch(/dataset "core" cannot be reached/);
      // The DPO sees which system is pending.
      const pending = await get('/v1/rights-steps?status=failed');
      expect(pending.json().items).toContainEqual(
        expect.objectContaining({ requestId: id, dataset: 'core', status: 'failed' }),
      );
      // Garde's part is done (the person is gone from Garde), the core still holds them.
      expect(
        (await core.exec('SELECT count(*) AS n FROM customers WHERE customer_no = ?', [p.customerNo]))[0],
      ).toEqual({ n: 1 });
      const retried = (await post(`/v1/rights-requests/${id}/fulfilment`)).json();
      expect(retried.status).toBe('completed');
      const steps = Object.fromEntries(
        retried.steps.map((s: { dataset: string; attempts: number }) => [s.dataset, s.attempts]),
      );
      // The CRM step, done the first time, did not run again.
      expect(steps).toEqual({ garde: 0, crm: 1, core: 2 });
      expect(await mentions(core, ['customers', 'invoices'], [p.email, p.familyName])).toEqual([]);
      const again = await post(`/v1/rights-requests/${id}/fulfilment`);
      expect(again.statusCode).toBe(409);
    });
  },
);
