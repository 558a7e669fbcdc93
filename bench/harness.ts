// Benchmarks are not tests: each prints figures beside a raw-database baseline measured in the
// same run, with their ratio, and writes bench/results/NAME.json (DESIGN §6).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/platform/config.ts';
import { type Db, openDb } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { startServer } from '../test/support/cli.ts';

export type Figure = {
  metric: string;
  value: number;
  unit: string;
  baseline: number;
  /** Garde relative to the raw baseline: throughput / baseline throughput (1 = as fast as raw SQL). */
  ratio: number;
  goal: string;
};

export type BenchContext = {
  backend: 'pglite' | 'postgres';
  /** A fresh, migrated database; closed and removed by the harness at the end. */
  freshDb(): Promise<Db>;
  /**
   * Like freshDb, plus the environment a `garde serve` child needs to open the same database.
   * With PGlite, close the Db before starting the child: one process at a time.
   */
  freshStore(): Promise<{ db: Db; env: Record<string, string> }>;
  args: string[];
};

export type Bench = { name: string; description: string; run(ctx: BenchContext): Promise<Figure[]> };

export function machine(): string {
  return `${cpus().length}x ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}

export async function withContext<T>(args: string[], fn: (ctx: BenchContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const cleanups: (() => Promise<void>)[] = [];
  const ctx: BenchContext = {
    backend: config.databaseUrl ? 'postgres' : 'pglite',
    args,
    async freshDb() {
      return (await ctx.freshStore()).db;
    },
    async freshStore(): Promise<{ db: Db; env: Record<string, string> }> {
      if (!config.databaseUrl) {
        // File-backed, like `npm start`, not in memory.
        const dir = await mkdtemp(join(tmpdir(), 'garde-bench-'));
        const db = await openDb({ databaseUrl: undefined, dataDir: dir });
        await migrate(db);
        cleanups.push(async () => {
          await db.close().catch(() => {});
          await rm(dir, { recursive: true, force: true });
        });
        return { db, env: { GARDE_DATA: dir } };
      }
      const name = `garde_bench_${randomBytes(4).toString('hex')}`;
      await adminQuery(config.databaseUrl, `CREATE DATABASE ${name}`);
      const url = new URL(config.databaseUrl);
      url.pathname = `/${name}`;
      const db = await openDb({ databaseUrl: url.toString(), dataDir: undefined });
      await migrate(db);
      cleanups.push(async () => {
        await db.close().catch(() => {});
        await adminQuery(config.databaseUrl as string, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      return { db, env: { DATABASE_URL: url.toString() } };
    },
  };
  try {
    return await fn(ctx);
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

async function adminQuery(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

export async function report(name: string, backend: string, figures: Figure[]): Promise<void> {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  const rows = figures.map((f) => [
    f.metric,
    `${fmt(f.value)} ${f.unit}`,
    `${fmt(f.baseline)} ${f.unit}`,
    `${f.ratio.toFixed(2)}x`,
    f.goal,
  ]);
  const head = ['metric', 'garde', 'raw baseline', 'ratio', 'goal'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(`\n${name} on ${backend} (${machine()})`);
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  const out = { name, backend, machine: machine(), figures };
  await writeFile(join(import.meta.dirname, 'results', `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
}

/** A `garde serve` child on the bench database, with limits that would only measure themselves. */
export function startBenchServer(env: Record<string, string>, policyFile: string, args: string[] = []) {
  return startServer(args, {
    ...env,
    GARDE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    GARDE_RATE_LIMIT: '10000000',
    GARDE_RATE_LIMIT_CLIENT: '10000000',
    GARDE_RATE_LIMIT_SIGN_IN: '10000000',
    GARDE_POLICY: policyFile,
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
}

/**
 * `n` customers, 80% consenting to `consentPurpose` and 2% objecting (`objection`): the gates
 * have work to do. Cheap set-based SQL, so a million take seconds.
 */
export async function populateCustomers(
  db: Db,
  n: number,
  o: { consentPurpose: string; objection: 'direct-marketing' | 'profiling' },
): Promise<void> {
  await db.query(
    `INSERT INTO subjects (id, lifecycle, customer_since)
     SELECT gen_random_uuid(), 'customer', DATE '2020-01-01' FROM generate_series(1, $1)`,
    [n],
  );
  await db.query(
    `INSERT INTO consents (subject_id, purpose, channel, state, event_id, updated_at, given_since)
     SELECT id, $1, '', 'given', 0, now(), now() - interval '2 years' FROM subjects WHERE abs(hashtext(id::text)) % 5 <> 0`,
    [o.consentPurpose],
  );
  await db.query(
    `INSERT INTO objections SELECT id, $1, '', now(), 0 FROM subjects WHERE abs(hashtext(id::text)) % 50 = 0`,
    [o.objection],
  );
}
