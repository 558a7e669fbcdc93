// A policy file a command works from: the policy, or its problems printed as `policy check` prints
// them (file, line and key) with the exit code set to 1.
import { formatProblem, loadPolicyFile } from '../policy/load.ts';
import type { Policy } from '../policy/schema.ts';
import { EXIT } from './usage-error.ts';

/** The policy in `file`, or undefined once its problems are printed and the exit code is 1. */
export async function policyFromFile(file: string): Promise<Policy | undefined> {
  const loaded = await loadPolicyFile(file);
  if (loaded.ok) return loaded.policy;
  for (const p of loaded.problems) console.error(formatProblem(p));
  console.error(`${file}: ${loaded.problems.length} problem(s)`);
  process.exitCode = EXIT.failed;
  return undefined;
}
