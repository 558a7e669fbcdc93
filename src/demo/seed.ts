// `garde seed demo`: writes a generated population in one transaction (COPY per table). The
// demo API keys are keys.ts.
import { appendAudit } from '../audit/store.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Queryable, Tx } from '../platform/db/index.ts';
import { LOCKS } from '../platform/db/locks.ts';
import { withinTransaction } from '../platform/db/nested.ts';
import type { Deps } from '../platform/deps.ts';
import { letSignalsIn } from '../platform/shutdown.ts';
import { auditSeedHistory, markLedgers } from './audit.ts';
import { type BehaviourReport, seedBehaviour } from './behaviour.ts';
import { generatePopulation, type Population } from './population.ts';

export const DEMO_SUBJECTS = 10_000;

export type SeedReport = {
  tables: Record<string, number>;
  generateMs: number;
  writeMs: number;
  behaviour?: BehaviourReport;
};

type SeedOptions = { behaviour?: boolean; onStart?: () => void };

/**
 * Seeds an empty database; null when it already has subjects. Check and seed are one step
 * across processes: two first starts on one database (an advisory lock, held to the commit)
 * seed once, and the second finds the first's population instead of a duplicate key.
 * `behaviour`: also consents, a year of browsing, interests and an offer model (the demo's
 * tour); off for benchmarks that bring their own. `onStart` is told once seeding begins.
 */
export async function seedDemoIfEmpty(
  deps: Deps,
  subjects = DEMO_SUBJECTS,
  actor = 'system:seed',
  opts: SeedOptions = {},
): Promise<SeedReport | null> {
  return deps.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.demoSeed]);
    if (await isSeeded(tx)) return null;
    opts.onStart?.();
    return seedWithin(deps, tx, subjects, actor, opts);
  });
}

/** Adds a demo population to what the database holds (tests, benchmarks): no emptiness check. */
export async function seedDemo(
  deps: Deps,
  subjects = DEMO_SUBJECTS,
  actor = 'system:seed',
  opts: SeedOptions = {},
): Promise<SeedReport> {
  return deps.db.transaction((tx) => seedWithin(deps, tx, subjects, actor, opts));
}

// All or nothing: a seed stopped half-way (Ctrl-C, SIGTERM) leaves an empty database, so the
// next start seeds again instead of finding a population without its behaviour.
async function seedWithin(
  deps: Deps,
  tx: Tx,
  subjects: number,
  actor: string,
  opts: SeedOptions,
): Promise<SeedReport> {
  const t0 = performance.now();
  const population = generatePopulation({
    subjects,
    policy: deps.policy,
    sealer: deps.sealer,
    now: deps.now(),
  });
  const t1 = performance.now();
  await letSignalsIn();
  const marks = await markLedgers(tx);
  const tables = await writePopulation(tx, population);
  const writeMs = Math.round(performance.now() - t1);
  const within = { ...deps, db: withinTransaction(tx, deps.db.backend) };
  const behaviour = opts.behaviour ? await seedBehaviour(within, actor) : undefined;
  await letSignalsIn();
  // The people's history in the audit trail as the API would have written it, then the seed.
  await auditSeedHistory(tx, deps, population, marks, actor);
  await appendAudit(tx, { actor, action: 'seed.demo', changeDigest: digestOf(tables) });
  return { tables, generateMs: Math.round(t1 - t0), writeMs, ...(behaviour ? { behaviour } : {}) };
}

async function writePopulation(tx: Tx, population: Population): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of population) {
    counts[t.table] = await tx.copyIn(t.table, t.columns, t.rows);
    await letSignalsIn();
  }
  return counts;
}

async function isSeeded(db: Queryable): Promise<boolean> {
  const r = await db.query<{ seeded: boolean }>('SELECT EXISTS (SELECT 1 FROM subjects) AS seeded');
  return r.rows[0]?.seeded ?? false;
}
