// Every policy in policies/: the tests that must hold for any controller's policy iterate over
// this list, so a policy added there is covered without naming it anywhere else.
import { readdirSync } from 'node:fs';

export const POLICIES: readonly string[] = readdirSync('policies')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `policies/${f}`);
