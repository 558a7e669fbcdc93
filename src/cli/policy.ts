import { formatProblem, loadPolicyFile } from '../policy/load.ts';
import { summarisePolicy } from '../policy/summary.ts';
import { EXIT } from './usage-error.ts';

export async function policyCheck(file: string): Promise<void> {
  const loaded = await loadPolicyFile(file);
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(formatProblem(p));
    console.error(`${file}: ${loaded.problems.length} problem(s)`);
    process.exitCode = EXIT.failed;
    return;
  }
  const p = loaded.policy;
  for (const w of loaded.warnings) console.error(`warning: ${formatProblem(w)}`);
  console.log(
    `${file}: ok (${p.policy.id} ${p.policy.version}: ${p.purposes.length} purposes, ${p.retention.length} retention rules, ${p.recipients.length} recipients)`,
  );
}

export async function policyShow(file: string, opts: { json?: boolean }): Promise<void> {
  const loaded = await loadPolicyFile(file);
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(formatProblem(p));
    process.exitCode = EXIT.failed;
    return;
  }
  console.log(opts.json ? JSON.stringify(loaded.policy, null, 2) : summarisePolicy(loaded.policy));
}

export async function policySchema(): Promise<void> {
  // Only this command needs the schema library.
  const { policyJsonSchema } = await import('../policy/json-schema.ts');
  process.stdout.write(policyJsonSchema());
}
