// Which optional parts of the format a policy declares. Garde serves one API for every policy;
// a route that serves a part the policy leaves out answers a problem saying so. Pure.
import type { Policy } from './schema.ts';

export const POLICY_FEATURES = [
  'themes',
  'subscriptions',
  'tracking',
  'communications',
  'products',
  'retentionEvents',
] as const;
export type PolicyFeature = (typeof POLICY_FEATURES)[number];

/** Whether the policy declares the feature: its block is present and, for a list, not empty. */
export function declares(policy: Policy, feature: PolicyFeature): boolean {
  const block = policy[feature];
  return Array.isArray(block) ? block.length > 0 : block !== undefined;
}

/** The features the policy declares, in POLICY_FEATURES' order. */
export function declaredFeatures(policy: Policy): PolicyFeature[] {
  return POLICY_FEATURES.filter((f) => declares(policy, f));
}
