// The one interface through which Garde reaches a controller's system: read a person's rows,
// apply actions in one transaction (or hand them to a system that completes them later), and
// describe the tables for `garde datasets check`. A connector is opened for one piece of work and
// closed after it: nothing stays connected to a system Garde only visits.

import { ConfigError } from '../platform/config-error.ts';
import { openMysql } from '../platform/db/mysql.ts';
import { openPglite } from '../platform/db/pglite.ts';
import { openPostgres } from '../platform/db/postgres.ts';
import type { Dataset, DatasetTable } from '../policy/schema.ts';
import type { ActionResult, PersonKeys, TableAction } from './actions.ts';
import { actionSql, type Dialect, readSql, type Statement, scanSql } from './sql.ts';

/** A person's rows of one table: the declared columns, as the system returned them. */
export type TableRows = { table: string; rows: Record<string, unknown>[] };

/** Applied now, or accepted by a system that completes it later (http: callback or polling). */
export type Applied = { done: true; results: ActionResult[] } | { done: false; ref: string };

/** What a table looks like in the system: its columns, or null when there is no such table. */
export type TableShape = { table: string; columns: { name: string; type: string }[] | null };

export interface Connector {
  read(keys: PersonKeys): Promise<TableRows[]>;
  /**
   * The actions, in one transaction of the system. `keys` null: a retention sweep (the actions'
   * conditions select the rows). `dryRun`: counts what would change, changes nothing.
   */
  apply(
    keys: PersonKeys | null,
    actions: readonly TableAction[],
    opts?: { dryRun?: boolean; ref?: string },
  ): Promise<Applied>;
  /**
   * Issue 16: every row of `table` for the next `limit` persons after `after` (by the `key`
   * column, ascending), with `columns` (and `key`): whole persons per page, so a caller reads a
   * table of any size page by page (lifecycle facts, src/datasets/facts-sync.ts). Optional: the
   * SQL connectors have it; the http connector does not yet, and facts are then pushed through
   * the API. Dates come as `YYYY-MM-DD`, instants as ISO 8601 strings.
   */
  scan?(
    table: string,
    key: string,
    columns: readonly string[],
    after: string | null,
    limit: number,
  ): Promise<Record<string, unknown>[]>;
  /** A system that completes later: where the work stands. */
  poll?(ref: string): Promise<Applied>;
  describe(): Promise<TableShape[]>;
  close(): Promise<void>;
}

/** A dataset that cannot be reached: which, and why, without the connection's secret. */
export class DatasetUnavailableError extends Error {
  constructor(
    readonly dataset: string,
    why: string,
  ) {
    super(`dataset "${dataset}" cannot be reached: ${why}`);
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The value of a connection's environment variable; a clear error naming it when it is unset. */
export function fromEnv(dataset: Dataset, variable: string | undefined, env: Env): string {
  const value = variable ? env[variable] : undefined;
  if (!value)
    throw new DatasetUnavailableError(
      dataset.id,
      variable ? `environment variable ${variable} is not set` : 'no connection is declared',
    );
  return value;
}

/** A message about a failure that names no secret: drivers put the URL in some of theirs. */
export function redact(err: unknown, secrets: readonly string[]): string {
  let m = err instanceof Error ? err.message : String(err);
  for (const s of secrets) if (s) m = m.split(s).join('[redacted]');
  return m.replace(/\/\/[^@/\s]*@/g, '//[redacted]@');
}

/** The SQL dialect a connection URL speaks: mysql:// and mariadb:// are MySQL, the rest PostgreSQL. */
export function sqlDialectOf(url: string): Dialect {
  return /^(mysql|mariadb):\/\//i.test(url) ? 'mysql' : 'postgresql';
}

/**
 * Why a statement failed, by the driver's code only: drivers quote the offending value ("invalid
 * input syntax for type integer: \"AB-1234\"", "Duplicate entry 'jo@example.com'"), and a step's
 * error is shown to the DPO and kept. A failure to reach the system says where, never a value.
 */
export function statementError(err: unknown, secrets: readonly string[]): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || code.startsWith('ER_')))
    return `the system refused a statement (${code})`;
  return redact(err, secrets);
}

export type Session = {
  query(sql: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
  transaction<T>(fn: (q: Session['query']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** A session on a SQL dataset's system, its driver picked by the URL's scheme. */
export async function openSession(
  dataset: Dataset,
  env: Env,
): Promise<{ session: Session; dialect: Dialect }> {
  const url = fromEnv(dataset, dataset.connection?.url, env);
  try {
    // The URL's scheme picks the driver: a system that moves between PostgreSQL and MariaDB
    // changes its URL, not the policy (`garde datasets check` says when the two differ).
    if (sqlDialectOf(url) === 'mysql') {
      const s = await openMysql(url);
      // A row another program holds fails the step in seconds (it is retried), never hangs it.
      await s.query('SET SESSION innodb_lock_wait_timeout = 10');
      return { dialect: 'mysql', session: { ...s, query: (sql, params) => s.query(sql, params) } };
    }
    // pglite:<folder>: an embedded PostgreSQL, for the demo and for trying Garde without a server.
    const db = url.startsWith('pglite:')
      ? await openPglite(url.slice('pglite:'.length) || undefined)
      : // One connection: the settings below are the session's, and a step needs no more.
        await openPostgres(url, 1);
    await db.query("SET TIME ZONE 'UTC'");
    if (!url.startsWith('pglite:')) {
      // Within the step's lease (two minutes): a held lock or a runaway statement fails the step.
      await db.query("SET lock_timeout = '10s'");
      await db.query("SET statement_timeout = '90s'");
    }
    return {
      dialect: 'postgresql',
      session: {
        query: (sql, params) => db.query(sql, params),
        transaction: (fn) => db.transaction((tx) => fn((sql, params) => tx.query(sql, params))),
        close: () => db.close(),
      },
    };
  } catch (err) {
    // Garde's own driver names its own variable (DATABASE_URL): here it is the dataset's.
    const why =
      err instanceof ConfigError
        ? `${dataset.connection?.url}: ${err.message.slice(err.variable.length + 2)}`
        : redact(err, [url]);
    throw new DatasetUnavailableError(dataset.id, redact(why, [url]));
  }
}

function tableIn(dataset: Dataset, name: string): DatasetTable {
  const t = dataset.tables?.find((x) => x.name === name);
  if (!t) throw new Error(`dataset "${dataset.id}" declares no table "${name}"`);
  return t;
}

const dateOut = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : v);

const ROLLED_BACK = new Error('rolled back: a dry run changes nothing');

/** PostgreSQL (a server, or `pglite:<folder>`) and MySQL/MariaDB: statements from sql.ts. */
export async function openSqlConnector(dataset: Dataset, env: Env): Promise<Connector> {
  const { session, dialect } = await openSession(dataset, env);
  const secrets = [dataset.connection?.url ? (env[dataset.connection.url] ?? '') : ''];
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw new DatasetUnavailableError(dataset.id, statementError(err, secrets));
    }
  };
  const run = (q: Session['query'], s: Statement) => q(s.sql, s.params);
  return {
    read: (keys) =>
      guard(async () => {
        const out: TableRows[] = [];
        for (const t of dataset.tables ?? []) {
          const r = await run(session.query, readSql(dialect, t, keys));
          out.push({
            table: t.name,
            rows: r.rows.map((row) =>
              Object.fromEntries(Object.entries(row).map(([k, v]) => [k, dateOut(v)])),
            ),
          });
        }
        return out;
      }),
    apply: (keys, actions, opts = {}) =>
      guard(async () => {
        const results: ActionResult[] = [];
        const work = async (q: Session['query']) => {
          for (const a of actions) {
            const t = tableIn(dataset, a.table);
            const r = await run(q, actionSql(dialect, t, a, keys));
            if (a.op === 'keep') {
              const row = r.rows[0] ?? {};
              results.push({
                table: a.table,
                op: a.op,
                rows: Number(row.n ?? 0),
                ...(a.clock ? { newest: (dateOut(row.newest) as string | null) ?? null } : {}),
              });
            } else results.push({ table: a.table, op: a.op, rows: r.rowCount });
          }
        };
        if (opts.dryRun !== true) {
          await session.transaction(work);
          return { done: true as const, results };
        }
        // The dry run is the run, rolled back: each action counts what the ones before it left
        // (a row deleted is not masked after), exactly as the run would.
        await session
          .transaction(async (q) => {
            await work(q);
            throw ROLLED_BACK;
          })
          .catch((err: unknown) => {
            if (err !== ROLLED_BACK) throw err;
          });
        return { done: true as const, results };
      }),
    scan: (table, key, columns, after, limit) =>
      guard(async () => {
        const r = await run(session.query, scanSql(dialect, table, key, columns, after, limit));
        return r.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, dateOut(v)])));
      }),
    describe: () =>
      guard(async () => {
        const out: TableShape[] = [];
        for (const t of dataset.tables ?? [])
          out.push({ table: t.name, columns: await columnsOf(session, dialect, t.name) });
        return out;
      }),
    close: () => session.close(),
  };
}

async function columnsOf(
  session: Session,
  dialect: Dialect,
  table: string,
): Promise<{ name: string; type: string }[] | null> {
  const [schema, name] = table.includes('.') ? table.split('.') : [null, table];
  const r = await session.query(
    dialect === 'mysql'
      ? `SELECT column_name AS name, column_type AS type FROM information_schema.columns
          WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY ordinal_position`
      : `SELECT column_name AS name, data_type AS type FROM information_schema.columns
          WHERE table_schema = COALESCE($1, current_schema()) AND table_name = $2 ORDER BY ordinal_position`,
    [schema, name],
  );
  if (r.rows.length === 0) return null;
  return r.rows.map((row) => ({
    name: String(row.name ?? row.NAME),
    type: String(row.type ?? row.TYPE),
  }));
}

/** The connector for a dataset Garde reaches itself; manual datasets have none (people act). */
export async function openConnector(
  dataset: Dataset,
  env: Env = process.env,
  opts: { http?: import('./http.ts').HttpOptions } = {},
): Promise<Connector> {
  switch (dataset.kind) {
    case 'postgresql':
    case 'mysql':
      return openSqlConnector(dataset, env);
    case 'http': {
      const { openHttpConnector } = await import('./http.ts');
      return openHttpConnector(dataset, env, opts.http);
    }
    case 'manual':
      throw new Error(`dataset "${dataset.id}" is manual: people act there, on a task`);
  }
}
