// Retention across datasets (issue 16): each rule of the energy policy applied in a PostgreSQL
// "CRM" and a MariaDB "core" as in Garde's own tables, on the day before, the day of and the day
// after its end; the dry run counts what the run then does; legal holds and running obligations
// keep rows; a table that keeps two categories is masked, not deleted, while one still runs; a
// system that cannot be reached is reported and the others are swept.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/platform/db/index.ts';
import { addDuration } from '../../src/policy/duration.ts';
import { type RetentionReport, runRetention } from '../../src/retention/run.ts';
import { BACKENDS, FIXED_NOW, testDeps } from '../support/backends.ts';
import { policyVariant } from '../support/policy-variant.ts';
import { freshMysqlSystem, freshPostgresSystem, MYSQL_REQUIRED, type System } from '../support/systems.ts';

const WITH_CORE = MYSQL_REQUIRED.ok;
if (!WITH_CORE)
  console.warn(`retention-across.test.ts: the MariaDB "core" is left out: ${MYSQL_REQUIRED.why}`);

const OFFSETS = [
  { when: 'the day before it ends', days: 1, gone: false },
  { when: 'the day it ends', days: 0, gone: true },
  { when: 'the day after it ends', days: -1, gone: true },
] as const;

const date = (d: Date) => d.toISOString().slice(0, 10);
/** The clock value whose `duration` ends `days` days from now. */
const clockFor = (duration: string, days: number) =>
  addDuration(new Date(FIXED_NOW.getTime() + days * 86_400_000), duration, -1);

const env = (name: string) =>
  `GARDE_TEST_RET_${name}_${process.pid}_${randomBytes(3).toString('hex').toUpperCase()}`;

function datasets(vars: { crm: string; core: string; ledger: string }) {
  const contacts = (varName: string, id: string, kind: string) => ({
    id,
    description: { fr: id, nl: id, en: id },
    kind,
    connection: { url: varName },
    tables: [
      {
        name: 'contacts',
        person: { by: 'email', column: 'email' },
        fields: [
          { column: 'email', category: 'identification', field: 'email' },
          { column: 'family_name', category: 'identification', field: 'familyName' },
        ],
      },
      {
        name: 'invoices',
        person: { by: 'external-ref', column: 'customer_no' },
        fields: [
          { column: 'amount_cents', category: 'contract-billing', field: 'paymentHistory' },
          // The CRM's invoices carry the holder's name: two categories in one table.
          ...(id === 'crm'
            ? [{ column: 'holder_name', category: 'identification', field: 'familyName' }]
            : []),
        ],
        clocks: { 'invoice-date': 'issued_on' },
      },
    ],
  });
  return [
    contacts(vars.crm, 'crm', 'postgresql'),
    ...(WITH_CORE ? [contacts(vars.core, 'core', 'mysql')] : []),
    {
      id: 'ledger',
      description: { fr: 'Grand livre', nl: 'Grootboek', en: 'Ledger' },
      kind: 'postgresql',
      connection: { url: vars.ledger },
      tables: [
        {
          name: 'entries',
          person: { by: 'external-ref', column: 'customer_no' },
          fields: [{ column: 'amount_cents', category: 'contract-billing' }],
          clocks: { 'invoice-date': 'booked_on' },
        },
      ],
    },
  ];
}

const DDL = (kind: 'postgresql' | 'mysql') => {
  const id = kind === 'mysql' ? 'id integer AUTO_INCREMENT PRIMARY KEY' : 'id serial PRIMARY KEY';
  return [
    `CREATE TABLE contacts (${id}, email varchar(200), family_name varchar(100))`,
    `CREATE TABLE invoices (${id}, customer_no varchar(40), amount_cents integer, issued_on date NOT NULL, holder_name varchar(100))`,
  ];
};

type Person = { ref: string; email: string };

describe.each(BACKENDS)('retention across datasets, Garde on %s', (backend) => {
  const vars = { crm: env('CRM'), core: env('CORE'), ledger: env('LEDGER') };
  let d: Awaited<ReturnType<typeof testDeps>>;
  let crm: System;
  let core: System | undefined;
  let dry: RetentionReport;
  let real: RetentionReport;
  const systems = () => [crm, ...(core ? [core] : [])];
  const persons = new Map<string, Person>();

  async function subject(
    db: Queryable,
    key: string,
    s: { lifecycle: string; contractEnded?: string; lastContact?: Date },
  ): Promise<Person> {
    const id = randomUUID();
    const p = { ref: `C-${key}`, email: `${key}.Person@Example.com` };
    await db.query(
      `INSERT INTO subjects (id, external_ref, lifecycle, customer_since, contract_ended_on, last_contact_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        p.ref,
        s.lifecycle,
        s.lifecycle === 'prospect' ? null : '1995-01-01',
        s.contractEnded ?? null,
        s.lastContact ?? null,
      ],
    );
    await db.query('INSERT INTO identities (subject_id, email) VALUES ($1, lower($2))', [id, p.email]);
    persons.set(key, p);
    return p;
  }

  // Rows are written to each system in one statement per table, and read back once after the run.
  const contacts: string[] = [];
  const invoices: [string, string][] = [];
  const contact = async (p: Person) => void contacts.push(p.email);
  const invoice = async (p: Person, issued: string) => void invoices.push([p.ref, issued]);
  const mark = (sys: System, n: number) => (sys === core ? '?' : `$${n}`);
  async function write(sys: System) {
    let n = 0;
    await sys.exec(
      `INSERT INTO contacts (email, family_name) VALUES ${contacts.map(() => `(${mark(sys, ++n)}, 'Name')`).join(', ')}`,
      contacts,
    );
    n = 0;
    await sys.exec(
      `INSERT INTO invoices (customer_no, amount_cents, issued_on, holder_name) VALUES ${invoices.map(() => `(${mark(sys, ++n)}, 100, ${mark(sys, ++n)}, 'Holder')`).join(', ')}`,
      invoices.flat(),
    );
  }
  type Left = { contacts: Record<string, unknown>[]; invoices: Record<string, unknown>[] };
  const left = new Map<System, Left>();
  const read = async (sys: System): Promise<Left> => ({
    contacts: await sys.exec('SELECT email, family_name FROM contacts'),
    invoices: await sys.exec('SELECT customer_no, amount_cents, holder_name FROM invoices'),
  });
  const count = (l: Left) => l.contacts.length + l.invoices.length;
  const rowsOf = (sys: System, table: 'contacts' | 'invoices', p: Person) => {
    const l = left.get(sys) as Left;
    return table === 'contacts'
      ? l.contacts.filter((r) => r.email === p.email).map((r) => ({ family_name: r.family_name }))
      : l.invoices
          .filter((r) => r.customer_no === p.ref)
          .map((r) => ({ amount_cents: r.amount_cents, holder_name: r.holder_name }));
  };

  beforeAll(async () => {
    crm = await freshPostgresSystem();
    if (WITH_CORE) core = await freshMysqlSystem();
    process.env[vars.crm] = crm.url;
    if (core) process.env[vars.core] = core.url;
    process.env[vars.ledger] = 'postgres://u:s3cret@127.0.0.1:1/ledger';
    for (const s of DDL('postgresql')) await crm.exec(s);
    if (core) for (const s of DDL('mysql')) await core.exec(s);
    const file = await policyVariant('policies/energy-services.yaml', (doc) => {
      doc.datasets = [...(doc.datasets ?? []), ...datasets(vars)];
    });
    d = await testDeps(backend, { policy: file });

    for (const o of OFFSETS) {
      // billing-10y: a current customer's invoice, issued ten years before the day.
      const b = await subject(d.db, `billing${o.days}`, { lifecycle: 'customer' });
      await invoice(b, date(clockFor('P10Y', o.days)));
      // contract-10y-after-end and identification-after-contract: a former customer, an old invoice.
      const f = await subject(d.db, `former${o.days}`, {
        lifecycle: 'former',
        contractEnded: date(clockFor('P10Y', o.days)),
      });
      await invoice(f, '2001-03-01');
      await contact(f);
      // prospects-12m: the last contact twelve months before the moment.
      const p = await subject(d.db, `prospect${o.days}`, {
        lifecycle: 'prospect',
        lastContact: clockFor('P12M', o.days),
      });
      await contact(p);
    }
    // A lapsed prospect under a legal hold on identification; a long-gone customer under a hold on everything.
    const heldProspect = await subject(d.db, 'held-prospect', {
      lifecycle: 'prospect',
      lastContact: new Date('2024-01-01T00:00:00Z'),
    });
    await contact(heldProspect);
    const heldFormer = await subject(d.db, 'held-former', {
      lifecycle: 'former',
      contractEnded: '2010-01-01',
    });
    await invoice(heldFormer, '2005-01-01');
    for (const [p, category] of [
      [heldProspect, 'identification'],
      [heldFormer, null],
    ] as const)
      await d.db.query(
        `INSERT INTO legal_holds (subject_id, category, reason, placed_by, placed_at)
         SELECT id, $2, 'inquiry', 'test', now() FROM subjects WHERE external_ref = $1`,
        [p.ref, category],
      );
    // An invoice past its ten years, kept because the contract ended two years ago (contract-10y-after-end).
    const recent = await subject(d.db, 'recent-former', { lifecycle: 'former', contractEnded: '2024-06-01' });
    await invoice(recent, '2012-01-01');

    for (const sys of systems()) await write(sys);
    const counts = async () => Promise.all(systems().map(async (sys) => count(await read(sys))));
    const before = await counts();
    dry = await runRetention(d, { dryRun: true });
    expect(await counts()).toEqual(before);
    real = await runRetention(d);
    for (const sys of systems()) left.set(sys, await read(sys));
  }, 240_000);
  afterAll(async () => {
    for (const v of Object.values(vars)) delete process.env[v];
    await d?.dispose();
    await crm?.dispose();
    await core?.dispose();
  });

  it('the dry run counts per rule and system exactly what the run then does, and changed nothing', () => {
    const perStep = (r: RetentionReport) => r.steps.map((s) => [s.rule, s.store, s.rows, s.masked ?? 0]);
    expect(perStep(dry)).toEqual(perStep(real));
    const inCrm = real.steps.filter((s) => s.store.startsWith('crm:'));
    expect(inCrm.reduce((n, s) => n + s.rows, 0)).toBeGreaterThan(0);
    expect(real.steps.map((s) => s.store)).toEqual(expect.arrayContaining(['crm:contacts', 'crm:invoices']));
  });

  it('each rule keeps the rows the day before its end and removes them the day of and the day after', async () => {
    const wrong: string[] = [];
    for (const sys of systems()) {
      const name = sys === crm ? 'crm' : 'core';
      for (const o of OFFSETS) {
        const check = async (what: string, table: 'contacts' | 'invoices', key: string) => {
          const left = rowsOf(sys, table, persons.get(key) as Person).length;
          if ((left === 0) !== o.gone)
            wrong.push(`${what} in ${name}.${table}, ${o.when}: ${left} row(s) left`);
        };
        await check('prospects-12m', 'contacts', `prospect${o.days}`);
        await check('identification-after-contract', 'contacts', `former${o.days}`);
        await check('contract-10y-after-end', 'invoices', `former${o.days}`);
        if (sys !== crm) await check('billing-10y', 'invoices', `billing${o.days}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("in a table that keeps two categories, an invoice past its ten years loses its billing columns, not the holder's name", async () => {
    for (const o of OFFSETS)
      expect(rowsOf(crm, 'invoices', persons.get(`billing${o.days}`) as Person)).toEqual([
        { amount_cents: o.gone ? null : 100, holder_name: 'Holder' },
      ]);
    const masked = real.steps.find((s) => s.rule === 'billing-10y' && s.store === 'crm:invoices');
    expect(masked).toMatchObject({ action: 'delete', masked: 2 });
  });

  it('a legal hold keeps the held persons’ rows, for its category or for everything', async () => {
    for (const sys of systems()) {
      expect(rowsOf(sys, 'contacts', persons.get('held-prospect') as Person)).toHaveLength(1);
      expect(rowsOf(sys, 'invoices', persons.get('held-former') as Person)).toHaveLength(1);
    }
  });

  it('an invoice past its own ten years stays while the contract’s ten years still run', async () => {
    for (const sys of systems())
      expect(rowsOf(sys, 'invoices', persons.get('recent-former') as Person)).toHaveLength(1);
  });

  it('a system that cannot be reached is a failed step, named without its password; the others are swept', () => {
    const ledger = real.steps.filter((s) => s.store.startsWith('ledger:'));
    expect(ledger.length).toBeGreaterThan(0);
    for (const s of ledger) {
      expect(s.failed).toMatch(/^dataset "ledger" cannot be reached/);
      expect(s.failed).not.toContain('s3cret');
    }
    expect(real.failed).toBe(ledger.filter((s) => s.action !== 'skip').length);
    expect(dry.failed).toBe(real.failed);
    expect(JSON.stringify(real)).not.toContain('Example.com');
  });
});
