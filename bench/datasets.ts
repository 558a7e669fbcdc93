// `npm run bench -- datasets [--subjects N]`: a person's access report, portability export and
// erasure across three systems that each hold N people (1,000,000 by default): Garde's own store,
// a PostgreSQL "crm" (service visits by e-mail) and a MariaDB "core" (customers and invoices by
// customer number); then a retention sweep across the two systems. Each figure is beside the raw
// statements doing the same work, in the same run:
//
// - Connections: Garde's connectors open one connection per system for each piece of work and
//   close it after; the raw baseline does the same (a pg.Client, a mysql2 connection), so both
//   figures include opening the connections. Garde's own store is the same pool for both.
// - Access / export: the raw baseline reads the person's keys, a `SELECT *` per Garde table and
//   the person's rows of each system's table (lower(email) in the CRM, as Garde compares).
// - Erasure: a request made on the portal channel (no proof to check) and fulfilled: Garde's
//   part, the CRM's and the core's, each in its own transaction. The raw baseline erases another
//   person of the same kind with a `DELETE` per Garde table and, per system, the statements that
//   remove or mask the same rows (the invoices an obligation keeps lose the holder's name).
// - Retention: the raw baseline reads the past persons' keys from Garde with one SELECT per key
//   kind, loads them into a temporary table in each system and runs one joined DELETE or UPDATE
//   per rule and table, rolled back; Garde's dry run (also rolled back) and run do the same rows.
//
// Every database the bench creates is dropped at the end, also when it fails.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { pastBound } from '../src/datasets/cutoff.ts';
import { datasetRetentionPlan } from '../src/datasets/retention.ts';
import { loadConfig } from '../src/platform/config.ts';
import { sealer } from '../src/platform/crypto.ts';
import type { Db } from '../src/platform/db/index.ts';
import { openMysql } from '../src/platform/db/mysql.ts';
import { runRetention } from '../src/retention/run.ts';
import { STORES } from '../src/rights/catalogue.ts';
import { fulfilRequest } from '../src/rights/fulfil.ts';
import { accessReportFor, portabilityExport } from '../src/rights/reports.ts';
import { createRequest } from '../src/rights/requests.ts';
import { loadPolicyOrThrow } from '../src/runtime.ts';
import { policyVariant } from '../test/support/policy-variant.ts';
import type { Bench, Figure } from './harness.ts';
import { median } from './harness.ts';

const CRM_VAR = 'GARDE_BENCH_CRM_URL';
const CORE_VAR = 'GARDE_BENCH_CORE_URL';
const READS = 15;
const ERASURES = 9;

/** The energy policy with its service CRM (PostgreSQL) and its billing core (MariaDB) declared. */
const connectedPolicy = () =>
  policyVariant('policies/energy-services.yaml', (doc) => {
    doc.datasets = [
      {
        id: 'crm',
        description: { fr: 'CRM de service', nl: 'Service-CRM', en: 'Service CRM' },
        kind: 'postgresql',
        connection: { url: CRM_VAR },
        tables: [
          {
            name: 'service_visits',
            person: { by: 'email', column: 'email' },
            fields: [
              { column: 'service', category: 'product-usage', field: 'service' },
              { column: 'performed_on', category: 'product-usage', field: 'performedOn' },
              { column: 'technician_note', category: 'technical' },
              { column: 'contact_name', category: 'identification', field: 'familyName' },
            ],
          },
        ],
      },
      {
        id: 'core',
        description: { fr: 'Facturation', nl: 'Facturatie', en: 'Core billing' },
        kind: 'mysql',
        connection: { url: CORE_VAR },
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
              { column: 'holder_name', category: 'identification', field: 'familyName' },
            ],
            clocks: { 'invoice-date': 'issued_on' },
          },
        ],
      },
    ];
    for (const c of doc.categories) if (c.id === 'product-usage') delete c.storage;
  });

// The invoice date is the table's clock, not a declared field (as in retention-across.test.ts):
// declared as contract-billing, a sweep that keeps the holder's name would mask it, and a NOT NULL
// invoice date refuses that (reported with the bench's figures).
//
// Person n: customer number C0000042, e-mail person42@example.be (Person42@Example.BE in the CRM,
// which keeps what people typed). Every tenth a former customer whose contract ended 2010-2018,
// every tenth plus one a prospect last contacted 0-2 years ago, the rest customers. Two invoices
// each, issued 2012-2025.
const ref = (n: number) => `C${String(n).padStart(7, '0')}`;
const email = (n: number) => `person${n}@example.be`;

async function seedGarde(db: Db, n: number): Promise<void> {
  await db.query(
    `INSERT INTO subjects (id, external_ref, lifecycle, customer_since, contract_ended_on, last_contact_at)
     SELECT gen_random_uuid(), 'C' || lpad(g::text, 7, '0'),
            CASE g % 10 WHEN 0 THEN 'former' WHEN 1 THEN 'prospect' ELSE 'customer' END,
            CASE WHEN g % 10 <> 1 THEN DATE '2005-01-01' + (g % 2000) END,
            CASE WHEN g % 10 = 0 THEN DATE '2010-01-01' + (g % 3000) END,
            CASE WHEN g % 10 = 1 THEN now() - (g % 730) * interval '1 day' END
     FROM generate_series(1, $1) g`,
    [n],
  );
  await db.query(
    `INSERT INTO identities (subject_id, given_name, family_name, email)
     SELECT id, 'Given', 'Family' || substr(external_ref, 2), 'person' || ltrim(substr(external_ref, 2), '0') || '@example.be'
     FROM subjects`,
  );
  await db.query('ANALYZE subjects, identities');
}

async function seedCrm(url: string, n: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      `CREATE TABLE service_visits (id bigserial PRIMARY KEY, email text NOT NULL, service text,
         performed_on date, technician_note text, contact_name text)`,
    );
    await c.query(
      `INSERT INTO service_visits (email, service, performed_on, technician_note, contact_name)
       SELECT 'Person' || g || '@Example.BE', 'boiler service', DATE '2014-01-01' + (g % 4000),
              'pressure low', 'Family' || lpad(g::text, 7, '0')
       FROM generate_series(1, $1) g`,
      [n],
    );
    await c.query('CREATE INDEX service_visits_email_idx ON service_visits (lower(email))');
    await c.query('ANALYZE service_visits');
  } finally {
    await c.end();
  }
}

async function seedCore(url: string, n: number): Promise<void> {
  const s = await openMysql(url);
  try {
    await s.query(
      `CREATE TABLE customers (customer_no varchar(20) PRIMARY KEY, email varchar(200), family_name varchar(100),
         given_name varchar(100), restricted tinyint(1) NOT NULL DEFAULT 0)`,
    );
    await s.query(
      `CREATE TABLE invoices (id int PRIMARY KEY AUTO_INCREMENT, customer_no varchar(20) NOT NULL,
         issued_on date NOT NULL, amount_cents int, holder_name varchar(100))`,
    );
    // MariaDB's sequence engine (seq_1_to_N): set-based, like generate_series.
    const seq = `seq_1_to_${n}`;
    await s.query(
      `INSERT INTO customers (customer_no, email, family_name, given_name)
       SELECT concat('C', lpad(seq, 7, '0')), concat('person', seq, '@example.be'), concat('Family', lpad(seq, 7, '0')), 'Given'
       FROM ${seq}`,
    );
    for (const [mult, cents] of [
      [7, 8000],
      [13, 4200],
    ])
      await s.query(
        `INSERT INTO invoices (customer_no, issued_on, amount_cents, holder_name)
         SELECT concat('C', lpad(seq, 7, '0')), DATE '2012-01-01' + INTERVAL ((seq * ${mult}) % 5000) DAY, ${cents},
                concat('Family', lpad(seq, 7, '0'))
         FROM ${seq}`,
      );
    await s.query('CREATE INDEX invoices_customer_no_idx ON invoices (customer_no)');
    await s.query('ANALYZE TABLE customers, invoices');
  } finally {
    await s.close();
  }
}

/** Three systems, created before `fn` and dropped after it, whatever happens. */
async function withSystems<T>(fn: (crmUrl: string, coreUrl: string) => Promise<T>): Promise<T> {
  const pgServer =
    process.env.GARDE_BENCH_PG_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const myServer =
    process.env.GARDE_BENCH_MYSQL_URL ??
    process.env.GARDE_TEST_MYSQL_URL ??
    'mysql://root@127.0.0.1:3306/test';
  const name = `garde_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgServer });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  const myAdmin = async (sql: string) => {
    const s = await openMysql(myServer);
    await s.query(sql).finally(() => s.close());
  };
  const at = (server: string) => {
    const u = new URL(server);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const cleanup = async () => {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) => console.error(`crm: ${e}`));
    await myAdmin(`DROP DATABASE IF EXISTS ${name}`).catch((e) => console.error(`core: ${e}`));
  };
  // Ctrl-C: drop them too, then leave.
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    await admin(`CREATE DATABASE ${name}`);
    await myAdmin(`CREATE DATABASE ${name}`);
    return await fn(at(pgServer), at(myServer));
  } finally {
    process.off('SIGINT', onSignal);
    await cleanup();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? Number.NaN;

/** A mysql2 connection opened as the connector opens it (src/platform/db/mysql.ts). */
const myConnect = (url: string) =>
  mysql.createConnection({ uri: url, timezone: 'Z', dateStrings: ['DATE'], supportBigNumbers: true });

export const datasetsBench: Bench = {
  name: 'datasets',
  description: 'access, export, erasure across Garde + a PostgreSQL CRM + a MariaDB core; retention sweep',
  async run(ctx) {
    const flag = ctx.args.indexOf('--subjects');
    const n = Number(flag >= 0 ? ctx.args[flag + 1] : (ctx.args[0] ?? 1_000_000));
    if (!Number.isInteger(n) || n < 1000) throw new Error('--subjects takes a whole number, at least 1000');
    const config = loadConfig();
    const policyFile = await connectedPolicy();
    const policy = await loadPolicyOrThrow(policyFile).finally(() =>
      rm(dirname(policyFile), { recursive: true, force: true }),
    );
    const db = await ctx.freshDb();
    const deps = {
      config: { ...config, dataDir: await mkdtemp(join(tmpdir(), 'garde-bench-outbound-')) },
      db,
      policy,
      sealer: sealer(randomBytes(32)),
      now: () => new Date(),
    };
    const saved = { crm: process.env[CRM_VAR], core: process.env[CORE_VAR] };
    try {
      return await withSystems(async (crmUrl, coreUrl) => {
        process.env[CRM_VAR] = crmUrl;
        process.env[CORE_VAR] = coreUrl;
        const seeded: string[] = [];
        for (const [what, work] of [
          ['garde', () => seedGarde(db, n)],
          ['crm', () => seedCrm(crmUrl, n)],
          ['core', () => seedCore(coreUrl, n)],
        ] as const)
          seeded.push(`${what} ${((await timed(work)) / 1000).toFixed(1)} s`);
        console.error(`seeded ${n.toLocaleString('en-US')} subjects in each system: ${seeded.join(', ')}`);
        return await measure(deps, n, crmUrl, coreUrl);
      });
    } finally {
      for (const [k, v] of [
        [CRM_VAR, saved.crm],
        [CORE_VAR, saved.core],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      await rm(deps.config.dataDir, { recursive: true, force: true });
    }
  },
};

type Deps = Parameters<typeof fulfilRequest>[0];

async function idOf(db: Db, n: number): Promise<string> {
  const r = await db.query<{ id: string }>('SELECT id FROM subjects WHERE external_ref = $1', [ref(n)]);
  const id = r.rows[0]?.id;
  if (!id) throw new Error(`no subject ${ref(n)}`);
  return id;
}

/** Former customers (n % 10 = 0) spread over the population, never the same twice. */
function formers(n: number, count: number, offset: number): number[] {
  const step = Math.floor(n / 10 / (3 * count + 3));
  return Array.from({ length: count }, (_, i) => 10 * step * (3 * i + offset + 1));
}

async function measure(d: Deps, n: number, crmUrl: string, coreUrl: string): Promise<Figure[]> {
  const { db } = d;
  // Access and export.
  const readers = formers(n, READS, 0);
  const access: number[] = [];
  const exports: number[] = [];
  const rawReads: number[] = [];
  // One untimed pass first: the first connection of the process and cold caches are not the figure.
  const warm = await idOf(db, formers(n, READS, 2)[READS - 1] as number);
  await rawRead(db, warm, crmUrl, coreUrl);
  await accessReportFor(d, warm);
  await portabilityExport(d, warm);
  for (const k of readers) {
    const id = await idOf(db, k);
    rawReads.push(await timed(() => rawRead(db, id, crmUrl, coreUrl)));
    access.push(
      await timed(async () => {
        const r = await accessReportFor(d, id);
        const text = JSON.stringify(r);
        if (!text.includes('core:invoices') || !text.includes('crm:service_visits'))
          throw new Error('the report left a system out');
      }),
    );
    exports.push(await timed(() => portabilityExport(d, id)));
  }

  // Erasure: a request on the portal channel and its fulfilment, each on a different person;
  // the raw deletes on other persons of the same kind.
  const portal = d.policy.rights.channels.find((c) => !c.identityProof)?.id;
  const who = { actor: 'bench', role: 'dpo' as const };
  const erasures: number[] = [];
  const rawErasures: number[] = [];
  for (const [i, k] of formers(n, ERASURES, 1).entries()) {
    const id = await idOf(db, k);
    erasures.push(
      await timed(async () => {
        const r = await createRequest(
          d,
          { subjectId: id, kind: 'erasure', channel: portal },
          { ...who, portal: false },
        );
        const done = await fulfilRequest(d, r.id, { confirmContractEnd: true }, who);
        if (done.status !== 'completed')
          throw new Error(
            `erasure ${done.status}: ${JSON.stringify(done.steps.map((s) => [s.dataset, s.error]))}`,
          );
      }),
    );
    const other = formers(n, ERASURES, 2)[i] as number;
    const otherId = await idOf(db, other);
    rawErasures.push(await timed(() => rawErase(db, otherId, other, crmUrl, coreUrl)));
  }

  // Retention: the raw statements (rolled back), Garde's dry run, Garde's run.
  const now = d.now();
  const rawSweep = await rawRetention(db, now, crmUrl, coreUrl);
  const planned = datasetRetentionPlan(d.policy, now).length;
  const sweep = async (dryRun: boolean) => {
    let datasetsMs = 0;
    const t0 = performance.now();
    const report = await runRetention(d, {
      dryRun,
      onStep: (i) => {
        if (i >= planned && datasetsMs === 0) datasetsMs = performance.now() - t0;
      },
    });
    const ms = performance.now() - t0;
    const elsewhere = report.steps.filter((s) => s.store.includes(':'));
    const failed = elsewhere.filter((s) => s.failed);
    if (failed.length > 0) throw new Error(`retention failed: ${failed.map((s) => s.failed).join('; ')}`);
    const rows = elsewhere.reduce((a, s) => a + s.rows, 0);
    console.error(
      `retention ${dryRun ? 'dry run' : 'run'}: ${elsewhere
        .filter((s) => s.rows > 0)
        .map((s) => `${s.rule} ${s.store} ${s.rows} (${s.ms} ms)`)
        .join(', ')}`,
    );
    return { datasetsMs, ms, rows, total: report.totalRows };
  };
  const dry = await sweep(true);
  const run = await sweep(false);
  console.error(
    `raw retention: ${rawSweep.rows} rows (${rawSweep.detail}); garde: ${dry.rows} (dry run), ${run.rows} (run)`,
  );

  const among = `among ${n.toLocaleString('en-US')} subjects per system`;
  const fig = (metric: string, value: number, baseline: number, goal: string): Figure => ({
    metric,
    value,
    unit: 'ms',
    baseline,
    ratio: baseline / value,
    goal,
  });
  return [
    fig(
      `access report (JSON), Garde + CRM + core, ${among}: median`,
      median(access),
      median(rawReads),
      '< 1,000 ms',
    ),
    fig('access report: p95', p95(access), p95(rawReads), '< 1,000 ms'),
    fig('portability export (zip), three systems: median', median(exports), median(rawReads), '< 1,000 ms'),
    fig('portability export: p95', p95(exports), p95(rawReads), '< 1,000 ms'),
    fig(
      'erasure (portal request + fulfilment in three systems): median',
      median(erasures),
      median(rawErasures),
      '< 1,000 ms',
    ),
    fig('erasure: p95', p95(erasures), p95(rawErasures), '< 1,000 ms'),
    fig(
      `retention dry run, the two systems (${dry.rows.toLocaleString('en-US')} rows)`,
      dry.datasetsMs,
      rawSweep.ms,
      '-',
    ),
    fig(
      `retention run, the two systems (${run.rows.toLocaleString('en-US')} rows)`,
      run.datasetsMs,
      rawSweep.ms,
      '-',
    ),
    fig(
      `whole retention run, Garde's tables too (${run.total.toLocaleString('en-US')} rows)`,
      run.ms,
      rawSweep.ms,
      '-',
    ),
  ];
}

/** The person's keys, Garde's tables, and each system's rows, over connections opened for it. */
async function rawRead(db: Db, id: string, crmUrl: string, coreUrl: string): Promise<void> {
  const keys = await db.query<{ external_ref: string; email: string }>(
    'SELECT s.external_ref, i.email FROM subjects s LEFT JOIN identities i ON i.subject_id = s.id WHERE s.id = $1',
    [id],
  );
  const k = keys.rows[0];
  if (!k) throw new Error('no such subject');
  for (const s of STORES)
    await db.query(`SELECT * FROM ${s.table} WHERE ${s.table === 'subjects' ? 'id' : 'subject_id'} = $1`, [
      id,
    ]);
  const crm = new pg.Client({ connectionString: crmUrl });
  await crm.connect();
  try {
    await crm.query(
      'SELECT service, performed_on, technician_note, contact_name FROM service_visits WHERE lower(email) = lower($1)',
      [k.email],
    );
  } finally {
    await crm.end();
  }
  const core = await myConnect(coreUrl);
  try {
    await core.query('SELECT email, family_name, given_name FROM customers WHERE customer_no = ?', [
      k.external_ref,
    ]);
    await core.query(
      'SELECT amount_cents, issued_on, holder_name FROM invoices WHERE customer_no = ? ORDER BY issued_on',
      [k.external_ref],
    );
  } finally {
    await core.end();
  }
}

/** The last invoice date ten years old: the bound Garde's billing rule compares with. */
const tenYearsBefore = (now: Date) => pastBound(now, 'P10Y').toISOString().slice(0, 10);

/** What erasure removes, as plain statements: a DELETE per Garde table, then each system's, committed. */
async function rawErase(db: Db, id: string, k: number, crmUrl: string, coreUrl: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("SELECT set_config('garde.erasure', 'on', true)");
    for (const s of [...STORES].reverse())
      await tx.query(`DELETE FROM ${s.table} WHERE ${s.table === 'subjects' ? 'id' : 'subject_id'} = $1`, [
        id,
      ]);
  });
  const crm = new pg.Client({ connectionString: crmUrl });
  await crm.connect();
  try {
    await crm.query('BEGIN');
    await crm.query('DELETE FROM service_visits WHERE lower(email) = lower($1)', [email(k)]);
    await crm.query('COMMIT');
  } finally {
    await crm.end();
  }
  const core = await myConnect(coreUrl);
  const cutoff = tenYearsBefore(new Date());
  try {
    await core.beginTransaction();
    await core.query('DELETE FROM invoices WHERE customer_no = ? AND issued_on <= ?', [ref(k), cutoff]);
    await core.query(
      'UPDATE invoices SET holder_name = NULL WHERE customer_no = ? AND holder_name IS NOT NULL',
      [ref(k)],
    );
    await core.query('DELETE FROM customers WHERE customer_no = ?', [ref(k)]);
    await core.commit();
  } finally {
    await core.end();
  }
}

/**
 * The retention sweep as a DBA would write it, rolled back: the past persons' keys read from
 * Garde (one SELECT per kind), loaded into a temporary table in each system, and one joined
 * statement per rule and table. Rules as in policies/energy-services.yaml: invoices 10 years
 * after their date unless the contract ended less than 10 years ago; identification 10 years
 * after a former customer's contract, 12 months after a prospect's last contact.
 */
async function rawRetention(
  db: Db,
  now: Date,
  crmUrl: string,
  coreUrl: string,
): Promise<{ ms: number; rows: number; detail: string }> {
  let rows = 0;
  const detail: string[] = [];
  const count = (what: string, r: number) => {
    rows += r;
    detail.push(`${what} ${r}`);
  };
  const ms = await timed(async () => {
    const past = await db.query<{ k: string; e: string }>(
      `SELECT s.external_ref AS k, lower(i.email) AS e FROM subjects s JOIN identities i ON i.subject_id = s.id
       WHERE (s.lifecycle = 'former' AND s.contract_ended_on + interval 'P10Y' <= $1)
          OR (s.lifecycle = 'prospect' AND s.last_contact_at + interval 'P12M' <= $1)`,
      [now],
    );
    const kept = await db.query<{ k: string }>(
      `SELECT external_ref AS k FROM subjects WHERE contract_ended_on IS NOT NULL AND contract_ended_on + interval 'P10Y' > $1`,
      [now],
    );
    const cutoff = tenYearsBefore(now);
    const crm = new pg.Client({ connectionString: crmUrl });
    await crm.connect();
    try {
      await crm.query('BEGIN');
      await crm.query('CREATE TEMP TABLE past (k text PRIMARY KEY) ON COMMIT DROP');
      await crm.query('INSERT INTO past SELECT unnest($1::text[])', [past.rows.map((r) => r.e)]);
      const r = await crm.query(
        'UPDATE service_visits v SET contact_name = NULL FROM past p WHERE lower(v.email) = p.k AND v.contact_name IS NOT NULL',
      );
      count('crm:service_visits masked', r.rowCount ?? 0);
      await crm.query('ROLLBACK');
    } finally {
      await crm.end();
    }
    const core = await myConnect(coreUrl);
    try {
      await core.beginTransaction();
      await core.query('CREATE TEMPORARY TABLE past (k varchar(20) PRIMARY KEY)');
      await core.query('CREATE TEMPORARY TABLE kept (k varchar(20) PRIMARY KEY)');
      for (const [table, keys] of [
        ['past', past.rows.map((r) => r.k)],
        ['kept', kept.rows.map((r) => r.k)],
      ] as const)
        for (let i = 0; i < keys.length; i += 10_000)
          await core.query(`INSERT INTO ${table} (k) VALUES ?`, [keys.slice(i, i + 10_000).map((k) => [k])]);
      const affected = (x: unknown) => (x as [{ affectedRows: number }])[0].affectedRows;
      // Invoices past ten years: gone with the person's identification, else their amount masked.
      count(
        'core:invoices deleted',
        affected(
          await core.query(
            'DELETE i FROM invoices i JOIN past p ON p.k = i.customer_no WHERE i.issued_on <= ?',
            [cutoff],
          ),
        ),
      );
      count(
        'core:invoices amount masked',
        affected(
          await core.query(
            `UPDATE invoices i LEFT JOIN kept k ON k.k = i.customer_no SET i.amount_cents = NULL
             WHERE i.issued_on <= ? AND k.k IS NULL AND i.amount_cents IS NOT NULL`,
            [cutoff],
          ),
        ),
      );
      count(
        'core:customers deleted',
        affected(await core.query('DELETE c FROM customers c JOIN past p ON p.k = c.customer_no')),
      );
      count(
        'core:invoices masked',
        affected(
          await core.query(
            'UPDATE invoices i JOIN past p ON p.k = i.customer_no SET i.holder_name = NULL WHERE i.holder_name IS NOT NULL',
          ),
        ),
      );
      await core.rollback();
      await core.query('DROP TEMPORARY TABLE past, kept');
    } finally {
      await core.end();
    }
  });
  return { ms, rows, detail: detail.join(', ') };
}
