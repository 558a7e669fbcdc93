// The demo's "core" system: a database of the controller's own, apart from Garde's, holding the
// demo customers by their customer number (a subject's externalRef), so the datasets a policy
// declares have a real system to reach. It is written when the policy declares a SQL dataset
// whose tables are the demo core's (policies/retail-bank.yaml: core-banking); a policy that
// declares none gets none. Where it lives: GARDE_DEMO_MYSQL_URL (MariaDB) when set, else a second
// PostgreSQL database beside DATABASE_URL's (`<name>_core`), else a second embedded database in
// `<GARDE_DATA>/core`, so `npm start` still needs no server.
import { randomUUID } from 'node:crypto';
import { base, Faker } from '@faker-js/faker';
import { openSession, type Session } from '../datasets/connector.ts';
import type { Dialect } from '../datasets/sql.ts';
import type { Config } from '../platform/config.ts';
import { openMysql } from '../platform/db/mysql.ts';
import { openPostgres } from '../platform/db/postgres.ts';
import type { Deps } from '../platform/deps.ts';
import type { Dataset, Policy } from '../policy/schema.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The demo core's tables and columns (the demo's own fixture, declared in the bank policy). */
const TABLES = {
  customers: ['customer_no', 'given_name', 'family_name', 'birth_date', 'email', 'restricted'],
  accounts: ['account_no', 'customer_no', 'product_code', 'opened_on'],
  contact_history: ['id', 'customer_no', 'channel', 'topic', 'contacted_at'],
} as const;
type CoreTable = keyof typeof TABLES;

// Marks a database the demo made: re-seeding empties tables only where it finds the mark, never in
// a system of the same shape that the dataset's variable happens to point at.
const MARK = 'garde_demo_core';

function ddl(dialect: Dialect): string[] {
  const ts = dialect === 'mysql' ? 'datetime(3)' : 'timestamptz';
  return [
    `CREATE TABLE IF NOT EXISTS ${MARK} (written_at ${ts} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS customers (customer_no varchar(20) PRIMARY KEY, given_name varchar(100),
       family_name varchar(100), birth_date date, email varchar(200), restricted boolean NOT NULL DEFAULT false)`,
    `CREATE TABLE IF NOT EXISTS accounts (account_no varchar(40) PRIMARY KEY, customer_no varchar(20) NOT NULL,
       product_code varchar(50) NOT NULL, opened_on date)`,
    `CREATE TABLE IF NOT EXISTS contact_history (id varchar(36) PRIMARY KEY, customer_no varchar(20) NOT NULL,
       channel varchar(30) NOT NULL, topic varchar(50), contacted_at ${ts} NOT NULL)`,
    // Garde finds a person's rows by customer number: an index, as a real core would have.
    ...['accounts', 'contact_history'].map(
      (t) => `CREATE INDEX IF NOT EXISTS ${t}_customer ON ${t} (customer_no)`,
    ),
  ];
}

/** The policy's dataset the demo core serves, with the variable that names its URL; null when none. */
export function demoCoreOf(policy: Policy): { dataset: Dataset; variable: string } | null {
  for (const d of policy.datasets ?? []) {
    if ((d.kind !== 'postgresql' && d.kind !== 'mysql') || !d.connection || !d.tables?.length) continue;
    if (d.tables.every((t) => t.name in TABLES)) return { dataset: d, variable: d.connection.url };
  }
  return null;
}

/** Where the demo core is written: the variable's value when set, else the demo's default. */
export function demoCoreUrl(config: Config, variable: string, env: Env): { url: string; preset: boolean } {
  const preset = env[variable];
  if (preset) return { url: preset, preset: true };
  if (config.demoMysqlUrl) return { url: config.demoMysqlUrl, preset: false };
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    const name = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || 'postgres';
    u.pathname = `/${name}_core`;
    return { url: u.toString(), preset: false };
  }
  return { url: `pglite:${config.dataDir}/core`, preset: false };
}

/** The URL as it may be printed: the password replaced, so a shell's history keeps none. */
export function printableUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

export type CoreReport = Record<CoreTable, number>;

/**
 * Writes the demo core from the people Garde holds (same customer numbers, names, products):
 * creates the database and tables if missing, then replaces their rows in one transaction, with
 * multi-row inserts. Refuses tables it did not make (no mark).
 */
export async function writeDemoCore(
  deps: Deps,
  url: string,
  core: { dataset: Dataset },
): Promise<CoreReport> {
  const rows = await coreRows(deps);
  await ensureDatabase(url);
  const { session, dialect } = await openCore(url, core.dataset);
  try {
    await prepare(session, dialect);
    return await session.transaction(async (q) => {
      const counts = {} as CoreReport;
      for (const table of ['contact_history', 'accounts', 'customers'] as const)
        await q(`DELETE FROM ${table}`, []);
      await q(`DELETE FROM ${MARK}`, []);
      await q(`INSERT INTO ${MARK} (written_at) VALUES (${dialect === 'mysql' ? '?' : '$1'})`, [deps.now()]);
      for (const table of Object.keys(TABLES) as CoreTable[])
        counts[table] = await insertMany(q, dialect, table, rows[table]);
      return counts;
    });
  } finally {
    await session.close();
  }
}

/** Whether the demo core at `url` holds customers: a later demo start writes it only when not. */
export async function demoCoreHolds(url: string, core: { dataset: Dataset }): Promise<boolean> {
  try {
    const { session } = await openCore(url, core.dataset);
    try {
      const r = await session.query('SELECT count(*) AS n FROM customers', []);
      return Number(r.rows[0]?.n ?? 0) > 0;
    } finally {
      await session.close();
    }
  } catch {
    return false;
  }
}

/** The URL given, whatever variable the policy names (it may not be set yet). */
function openCore(url: string, dataset: Dataset) {
  return openSession({ ...dataset, connection: { url: 'DEMO_CORE_URL' } }, { DEMO_CORE_URL: url });
}

async function prepare(session: Session, dialect: Dialect): Promise<void> {
  const found = await session.query(
    dialect === 'mysql'
      ? 'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()'
      : 'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()',
    [],
  );
  const names = new Set(found.rows.map((r) => String(r.t ?? r.T)));
  const ours = Object.keys(TABLES).filter((t) => names.has(t));
  if (ours.length > 0 && !names.has(MARK))
    throw new Error(
      `the demo core's database already has tables ${ours.join(', ')} that the demo did not write: point the dataset's variable at an empty database`,
    );
  for (const statement of ddl(dialect)) await session.query(statement, []);
}

/** Creates the database a server URL names when it is missing (pglite: its folder is created on open). */
async function ensureDatabase(url: string): Promise<void> {
  if (url.startsWith('pglite:')) return;
  const u = new URL(url.replace(/^mariadb:/i, 'mysql:'));
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error('the demo core database name may hold letters, digits and _ only');
  if (u.protocol === 'mysql:') {
    u.pathname = '/';
    const s = await openMysql(u.toString());
    await s.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``).finally(() => s.close());
    return;
  }
  u.pathname = '/postgres';
  const admin = await openPostgres(u.toString(), 1);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0)
      await admin.query(`CREATE DATABASE "${name}"`).catch((err: { code?: string }) => {
        // Another demo start made it first.
        if (err.code !== '42P04') throw err;
      });
  } finally {
    await admin.close();
  }
}

const CHUNK = 500;

async function insertMany(
  q: Session['query'],
  dialect: Dialect,
  table: CoreTable,
  rows: unknown[][],
): Promise<number> {
  const columns = TABLES[table];
  let written = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    let n = 0;
    const values = chunk
      .map(() => `(${columns.map(() => (dialect === 'mysql' ? '?' : `$${++n}`)).join(', ')})`)
      .join(', ');
    const r = await q(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, chunk.flat());
    written += r.rowCount;
  }
  return written;
}

const DAY = 86_400_000;
const CONTACT_CHANNELS = ['branch', 'contact-center', 'phone'] as const;
const asDate = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v as string | null));

/** The core's rows, drawn from Garde's demo people: every person with a customer number. */
async function coreRows(deps: Deps): Promise<Record<CoreTable, unknown[][]>> {
  const people = await deps.db.query<{
    external_ref: string;
    given_name: string | null;
    family_name: string | null;
    birth_date: unknown;
    email: string | null;
  }>(
    `SELECT s.external_ref, i.given_name, i.family_name, i.birth_date, i.email
       FROM subjects s LEFT JOIN identities i ON i.subject_id = s.id
      WHERE s.external_ref IS NOT NULL ORDER BY s.external_ref`,
  );
  const held = await deps.db.query<{
    external_ref: string;
    product_code: string;
    account_ref: string;
    held_since: unknown;
  }>(
    `SELECT s.external_ref, h.product_code, h.account_ref, h.held_since
       FROM holdings h JOIN subjects s ON s.id = h.subject_id
      WHERE s.external_ref IS NOT NULL ORDER BY s.external_ref, h.account_ref`,
  );
  const f = new Faker({ locale: [base] });
  f.seed(2027);
  const now = deps.now().getTime();
  const products = (deps.policy.products ?? []).map((p) => p.id);
  const contacts: unknown[][] = [];
  for (const p of people.rows)
    for (let k = f.number.int({ min: 0, max: 3 }); k > 0; k--)
      contacts.push([
        randomUUID(),
        p.external_ref,
        f.helpers.arrayElement(CONTACT_CHANNELS),
        products.length > 0 ? f.helpers.arrayElement(products) : null,
        new Date(now - f.number.int({ min: 1, max: 3 * 365 }) * DAY),
      ]);
  return {
    customers: people.rows.map((p) => [
      p.external_ref,
      p.given_name,
      p.family_name,
      asDate(p.birth_date),
      p.email,
      false,
    ]),
    accounts: held.rows.map((h) => [h.account_ref, h.external_ref, h.product_code, asDate(h.held_since)]),
    contact_history: contacts,
  };
}

export type DemoCore = {
  dataset: Dataset;
  variable: string;
  url: string;
  /** The variable was set already: the demo wrote where it points. */
  preset: boolean;
  /** Rows written; null when a later start found the core written already. */
  written: CoreReport | null;
  /** How long writing took, in milliseconds (0 when nothing was written). */
  ms: number;
};

/**
 * The demo core for the policy's dataset, written when `rewrite` (a fresh seed) or when it holds
 * no customers yet; null when the policy declares no dataset the demo core serves.
 */
export async function provideDemoCore(
  deps: Deps,
  env: Env,
  opts: { rewrite: boolean },
): Promise<DemoCore | null> {
  const core = demoCoreOf(deps.policy);
  if (!core) return null;
  const { url, preset } = demoCoreUrl(deps.config, core.variable, env);
  const write = opts.rewrite || !(await demoCoreHolds(url, core));
  const t0 = performance.now();
  const written = write ? await writeDemoCore(deps, url, core) : null;
  return { ...core, url, preset, written, ms: written ? Math.round(performance.now() - t0) : 0 };
}

/** The lines that say where the demo core is and how a command in another shell reaches it. */
export function demoCoreLines(core: DemoCore, policyFile: string): string[] {
  const counts = core.written
    ? ` (wrote ${Object.entries(core.written)
        .map(([t, n]) => `${t}=${n}`)
        .join(' ')} in ${core.ms} ms)`
    : '';
  return [
    `  demo core system (dataset ${core.dataset.id})${counts}: ${core.variable}=${printableUrl(core.url)}`,
    `  check it from another shell: ${core.variable}='${printableUrl(core.url)}' garde datasets check ${policyFile}`,
  ];
}
