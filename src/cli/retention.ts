import { SingleBar } from 'cli-progress';
import { type RetentionReport, runRetention } from '../retention/run.ts';
import { preparePartitions } from '../tracking/tracking.ts';
import { CLI_ACTOR, withRuntime } from './context.ts';

/** `garde retention run [--dry-run]`: counts per rule, category and store; never a datum. */
export async function retentionRun(opts: { dryRun?: boolean; json?: boolean }): Promise<void> {
  await withRuntime(async (deps) => {
    const bar =
      process.stderr.isTTY && !opts.json
        ? new SingleBar({
            format: `${opts.dryRun ? 'counting' : 'applying'} {bar} {value}/{total} steps  {step}`,
          })
        : null;
    if (!opts.dryRun) await preparePartitions(deps);
    const report = await runRetention(deps, {
      dryRun: opts.dryRun,
      actor: CLI_ACTOR,
      onStep: (done, total, step) => {
        if (done === 0) bar?.start(total, 0, { step: '' });
        bar?.update(done, { step: `${step.rule} / ${step.store}` });
      },
    });
    bar?.stop();
    console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
    // A system that could not be reached: the rest is done, and the exit code says it was not all.
    if (report.failed > 0) process.exitCode = 1;
  });
}

export function formatReport(r: RetentionReport): string {
  const head = r.dryRun ? 'would remove' : 'removed';
  const rows = r.steps.map((s) => [
    s.purposes ? `${s.rule} (for ${s.purposes.join(', ')})` : s.rule,
    s.category,
    s.store,
    s.action,
    s.failed
      ? `failed (${s.failed})`
      : s.skipped
        ? `- (${s.skipped})`
        : `${s.rows.toLocaleString('en-US')}${s.masked ? ` (${s.masked.toLocaleString('en-US')} masked)` : ''}${s.partitionsDropped ? ` (${s.partitionsDropped} partitions dropped)` : ''}`,
  ]);
  const header = ['rule', 'category', 'store', 'action', head];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const out = [
    `retention ${r.dryRun ? 'dry run' : 'run'} at ${r.at} (${r.ms} ms)`,
    line(header),
    ...rows.map(line),
    `total ${head}: ${r.totalRows.toLocaleString('en-US')} rows`,
    ...(r.failed > 0
      ? [`${r.failed} step(s) failed: their systems could not be reached; the rest is done`]
      : []),
  ];
  if (r.outbound)
    out.push(
      `outbound files older than ${r.outbound.days} days: ${r.outbound.files} ${r.dryRun ? 'would be removed' : 'removed'} (${r.outbound.bytes.toLocaleString('en-US')} bytes)`,
      `outbound records of people no longer on a campaign's ledger: ${r.outbound.departed} ${r.dryRun ? 'would be dropped' : 'dropped'}`,
    );
  for (const u of r.unruled)
    out.push(
      `note: no retention rule covers category "${u.category}" (${u.stores.join(', ')}): kept until erased`,
    );
  return out.join('\n');
}
