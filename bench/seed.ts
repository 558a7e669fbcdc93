// `npm run bench -- seed [subjects]`: the demo population written through Garde's seeder
// (generate, encrypt ID-card numbers where the policy lists them, COPY per table, audit entry)
// against a raw COPY of the very same rows, pre-generated, into a fresh schema.
import { randomBytes } from 'node:crypto';
import { generatePopulation } from '../src/demo/population.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { loadConfig } from '../src/platform/config.ts';
import { sealer } from '../src/platform/crypto.ts';
import { loadPolicyOrThrow } from '../src/runtime.ts';
import type { Bench } from './harness.ts';
import { median } from './harness.ts';

const ROUNDS = 3;

export const seedBench: Bench = {
  name: 'seed',
  description: 'demo-population insert rate vs raw COPY of the same rows',
  async run(ctx) {
    const subjects = Number(ctx.args[0] ?? 10_000);
    const config = loadConfig();
    const policy = await loadPolicyOrThrow(config.policyFile);
    const deps = { config, policy, sealer: sealer(randomBytes(32)), now: () => new Date() };
    const ours: number[] = [];
    const raw: number[] = [];
    let rows = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const db = await ctx.freshDb();
      const t0 = performance.now();
      const r = await seedDemo({ ...deps, db }, subjects);
      ours.push(performance.now() - t0);
      rows = Object.values(r.tables).reduce((a, b) => a + b, 0);

      const population = generatePopulation({ subjects, policy, sealer: deps.sealer, now: deps.now() });
      const baselineDb = await ctx.freshDb();
      const t1 = performance.now();
      await baselineDb.transaction(async (tx) => {
        for (const t of population) await tx.copyIn(t.table, t.columns, t.rows);
      });
      raw.push(performance.now() - t1);
    }
    const oursMs = median(ours);
    const rawMs = median(raw);
    return [
      {
        metric: `seed ${subjects} subjects (${rows} rows): rows/s`,
        value: rows / (oursMs / 1000),
        unit: 'rows/s',
        baseline: rows / (rawMs / 1000),
        ratio: rawMs / oursMs,
        goal: 'ratio >= 0.5',
      },
      {
        metric: `seed ${subjects} subjects: wall time`,
        value: oursMs,
        unit: 'ms',
        baseline: rawMs,
        ratio: rawMs / oursMs,
        goal: '< 15,000 ms (npm start budget)',
      },
    ];
  },
};
