// The bank policy as most tests use it: policies/retail-bank.yaml without its connected datasets
// (the demo's core banking system). Tests of Garde's own rights, retention and routes must not
// depend on a system that is not there; a test about datasets names the file itself, or a variant
// with the systems it starts.
import { type PolicyDocument, policyVariant } from './policy-variant.ts';

export const BANK_POLICY_FILE = 'policies/retail-bank.yaml';

/**
 * `file` without the datasets Garde connects to (postgresql, mysql, http); manual ones stay, as
 * Garde reaches nothing there. Returns the new file's path.
 */
export function withoutConnectedDatasets(file: string): Promise<string> {
  return policyVariant(file, dropConnected);
}

/** Removes the connected datasets from a policy document being edited. */
export function dropConnected(doc: PolicyDocument): void {
  const manual = (doc.datasets ?? []).filter((d: { kind: string }) => d.kind === 'manual');
  if (manual.length > 0) doc.datasets = manual;
  else delete doc.datasets;
}

let made: Promise<string> | undefined;

/** The path of the bank policy without its connected datasets (written once per test file). */
export function bankPolicy(): Promise<string> {
  made ??= withoutConnectedDatasets(BANK_POLICY_FILE);
  return made;
}
