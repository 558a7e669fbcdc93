// `garde datasets check <file>`: connects to every dataset the policy declares and checks that
// what it declares is there. Exit 1 when a dataset cannot be reached or lacks a declared table or
// column; warnings (a personal-looking column no field covers, a URL of another kind) do not fail.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CheckFinding, compareTables, kindMismatch } from '../datasets/check.ts';
import {
  DatasetUnavailableError,
  type Env,
  openConnector,
  redact,
  sqlDialectOf,
} from '../datasets/connector.ts';
import { isConnected } from '../datasets/lint.ts';
import { formatProblem, loadPolicyFile } from '../policy/load.ts';
import type { Dataset } from '../policy/schema.ts';
import { EXIT } from './usage-error.ts';

export async function datasetsCheck(file: string): Promise<void> {
  const loaded = await loadPolicyFile(file);
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(formatProblem(p));
    console.error(`${file}: the policy is invalid (garde policy check ${file})`);
    process.exitCode = EXIT.failed;
    return;
  }
  const datasets = loaded.policy.datasets ?? [];
  if (datasets.length === 0) {
    console.log(`${file}: declares no datasets: Garde keeps everything in its own tables`);
    return;
  }
  let failed = 0;
  for (const [i, d] of datasets.entries()) {
    const findings = await checkDataset(d, i, process.env);
    if (findings === 'manual') {
      const task = d.task ? `, on a task for the ${d.task.role} within ${d.task.within}` : '';
      console.log(`dataset ${d.id} (manual): not reachable by design: people act there${task}`);
      continue;
    }
    const problems = findings.filter((f) => f.level === 'problem');
    const warnings = findings.length - problems.length;
    if (problems.length > 0) failed++;
    const head =
      problems.length > 0
        ? `${problems.length} problem(s)${warnings ? `, ${warnings} warning(s)` : ''}`
        : `ok, ${d.tables?.length ?? 0} table(s)${warnings ? `, ${warnings} warning(s)` : ''}`;
    console.log(`dataset ${d.id} (${d.kind}, ${d.connection?.url ?? 'no connection'}): ${head}`);
    for (const f of findings) console.log(`  ${f.level}: ${file}: ${f.path}: ${f.message}`);
  }
  if (failed > 0) {
    console.error(`${file}: ${failed} dataset(s) with problems`);
    process.exitCode = EXIT.failed;
  }
}

async function checkDataset(d: Dataset, i: number, env: Env): Promise<CheckFinding[] | 'manual'> {
  if (!isConnected(d)) return 'manual';
  const at = `datasets[${i}].connection.url`;
  const url = d.connection ? env[d.connection.url] : undefined;
  if (!url)
    return [
      {
        level: 'problem',
        path: at,
        message: d.connection
          ? `environment variable ${d.connection.url} is not set: set it to the system's connection URL`
          : 'no connection is declared',
      },
    ];
  // Opening an embedded folder that holds no database would make one: a check must not.
  if (url.startsWith('pglite:') && !existsSync(join(url.slice('pglite:'.length), 'PG_VERSION')))
    return [
      {
        level: 'problem',
        path: at,
        message: `no database in ${url.slice('pglite:'.length)} (${d.connection?.url})`,
      },
    ];
  const mismatch = kindMismatch(d, i, sqlDialectOf(url));
  const head = mismatch ? [mismatch] : [];
  try {
    const connector = await openConnector(d, env);
    try {
      return [...head, ...compareTables(d, i, await connector.describe(), sqlDialectOf(url))];
    } finally {
      await connector.close();
    }
  } catch (err) {
    const why = err instanceof DatasetUnavailableError ? err.message : redact(err, [url]);
    return [...head, { level: 'problem', path: at, message: why }];
  }
}
