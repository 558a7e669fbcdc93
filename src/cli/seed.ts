import { demoCoreLines, provideDemoCore } from '../demo/core.ts';
import { type SeedReport, seedDemoIfEmpty } from '../demo/seed.ts';
import { withRuntime } from './context.ts';
import { UsageError } from './usage-error.ts';

export async function seedCommand(what: string, opts: { subjects: string }): Promise<void> {
  if (what !== 'demo') throw new UsageError(`seed: unknown dataset "${what}" (only "demo")`);
  const subjects = Number(opts.subjects);
  if (!Number.isInteger(subjects) || subjects < 1 || subjects > 5_000_000) {
    throw new UsageError('seed: --subjects must be an integer from 1 to 5000000');
  }
  await withRuntime(
    async (deps) => {
      const report = await seedDemoIfEmpty(deps, subjects, 'cli', { behaviour: true });
      if (!report) throw new UsageError('seed: the database already has subjects; seed an empty one');
      const rows = Object.entries({ ...report.tables, ...behaviourCounts(report.behaviour) })
        .map(([t, n]) => `${t}=${n}`)
        .join(' ');
      console.log(`seeded ${rows} (generate ${report.generateMs} ms, write ${report.writeMs} ms)`);
      // The controller's demo system, beside Garde's: replaced on every seed.
      const core = await provideDemoCore(deps, process.env, { rewrite: true });
      if (core) console.log(demoCoreLines(core, deps.config.policyFile).join('\n'));
    },
    { createDatabase: true },
  );
}

function behaviourCounts(b: SeedReport['behaviour']): Record<string, number> {
  return b
    ? { consents: b.consents, events: b.events, offer_outcomes: b.outcomes, interests: b.interests }
    : {};
}
