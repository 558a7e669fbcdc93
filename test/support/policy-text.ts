// Policies written inline by the tests: parsed as `garde policy check` would, and the minimal
// fixture with a special category (health data kept in a manual dataset) added.
import { readFileSync } from 'node:fs';
import { parsePolicy } from '../../src/policy/load.ts';
import type { Policy } from '../../src/policy/schema.ts';

export const MINIMAL_POLICY = readFileSync('test/fixtures/minimal-policy.yaml', 'utf8');

/** The policy `text` states; throws with its problems when check refuses it. */
export function policyFromText(text: string): Policy {
  const r = parsePolicy(text, 'policies/test.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
}

/** What check refuses in `text`, as [key, rule] pairs; [] when it passes. */
export function problemsOf(text: string): [string, string][] {
  const r = parsePolicy(text, 'policies/test.yaml');
  return r.ok ? [] : r.problems.map((p) => [p.key, p.rule]);
}

/**
 * The minimal policy (or `text`) with a `health` category whose `special` is the given YAML,
 * stored in a manual dataset and kept one year after the contract: no purpose uses it yet.
 */
export function withHealthCategory(special: string, text = MINIMAL_POLICY): string {
  return text
    .replace(
      'purposes:\n',
      `  - id: health\n    description: Health data\n    fields: [{ name: allergies, sensitivity: sensitive }]\n    special: ${special}\n    storage: [{ dataset: clinic, table: allergy records }]\npurposes:\n`,
    )
    .replace(
      'categories:\n',
      'datasets:\n  - { id: clinic, description: Clinic records, kind: manual }\ncategories:\n',
    )
    .replace(
      'retention:\n',
      'retention:\n  - { id: health-after-contract, category: health, duration: P1Y, clock: contract-end, action: delete }\n',
    );
}
