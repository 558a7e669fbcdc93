// The bank policy as most tests use it: policies/retail-bank.yaml without its connected datasets
// (the demo's core banking system). Tests of Garde's own rights, retention and routes must not
// depend on a system that is not there; a test about datasets names the file itself, or a variant
// with the systems it starts.
import { policyVariant } from './policy-variant.ts';

export const BANK_POLICY_FILE = 'policies/retail-bank.yaml';

let made: Promise<string> | undefined;

/** The path of the bank policy without `datasets` (written once per test file). */
export function bankPolicy(): Promise<string> {
  made ??= policyVariant(BANK_POLICY_FILE, (doc) => {
    delete doc.datasets;
  });
  return made;
}
