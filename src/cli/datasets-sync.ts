import { DatasetUnavailableError } from '../datasets/connector.ts';
import { type FactsSyncReport, factDatasets, syncAllFacts } from '../datasets/facts-sync.ts';
import { CLI_ACTOR, withRuntime } from './context.ts';
import { EXIT, UsageError } from './usage-error.ts';

/**
 * `garde datasets sync [--dataset id] [--json]`: reads the lifecycle facts the policy's datasets
 * declare and writes what changed (issue 16). Exit 1 when a row was refused or a system could not
 * be reached; counts and row keys only, never a value.
 */
export async function datasetsSync(opts: { dataset?: string; json?: boolean }): Promise<void> {
  await withRuntime(async (deps) => {
    const ids = factDatasets(deps).map((d) => d.id);
    if (opts.dataset && !ids.includes(opts.dataset))
      throw new UsageError(
        `no dataset "${opts.dataset}" declares facts (${ids.length ? `those that do: ${ids.join(', ')}` : 'none does'})`,
      );
    try {
      const reports = await syncAllFacts(deps, { actor: CLI_ACTOR, only: opts.dataset });
      console.log(opts.json ? JSON.stringify(reports, null, 2) : reports.map(formatSync).join('\n'));
      if (reports.some((r) => r.refused > 0)) process.exitCode = EXIT.failed;
    } catch (err) {
      if (!(err instanceof DatasetUnavailableError)) throw err;
      console.error(err.message);
      process.exitCode = EXIT.failed;
    }
  });
}

export function formatSync(r: FactsSyncReport): string {
  const lines = [
    `${r.dataset}: ${r.persons} persons read in ${r.ms} ms: ${r.changed} changed, ${r.unchanged} unchanged, ${r.unknown} not known to Garde, ${r.refused} refused${r.holdersCleared ? `; holdings cleared for ${r.holdersCleared} no longer listed` : ''}`,
    ...r.refusedRows.map(
      (x) =>
        `  refused: ${x.table} ${x.key === null ? '(a row keyed by e-mail)' : `key ${x.key}`}: ${x.field || 'person'}: ${x.reason}`,
    ),
  ];
  if (r.refused > r.refusedRows.length)
    lines.push(`  ... and ${r.refused - r.refusedRows.length} more refused`);
  return lines.join('\n');
}
