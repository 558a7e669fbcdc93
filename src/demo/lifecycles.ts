// Which lifecycles the demo population has, from the policy's data subjects: a policy without
// prospects gets none. Pure.
import type { Lifecycle, Policy } from '../policy/schema.ts';

/** How a population that has all three splits: most are customers (EN-3's order). */
const WEIGHT: Readonly<Record<Lifecycle, number>> = { customer: 70, former: 15, prospect: 15 };

export type LifecycleShare = { lifecycle: Lifecycle; share: number };

/**
 * The lifecycles `dataSubjects` declare, with their shares of the population (the weights above,
 * over the declared ones). Former customers also come with customers when the policy keeps data
 * after a contract ends (a retention rule on the `contract-end` clock, or `formerCustomers`): a
 * clock that only runs for them states that they are data subjects, even where the notice lists
 * "customers" alone. A policy whose data subjects have no lifecycle gets customers: every person
 * Garde keeps has one.
 */
export function demoLifecycles(policy: Policy): LifecycleShare[] {
  const declared = new Set(policy.dataSubjects.flatMap((d) => (d.lifecycle ? [d.lifecycle] : [])));
  const afterContract =
    policy.retention.some((r) => r.clock === 'contract-end') || !!policy.communications?.formerCustomers;
  if (declared.has('customer') && afterContract) declared.add('former');
  if (declared.size === 0) declared.add('customer');
  const kept = (Object.keys(WEIGHT) as Lifecycle[]).filter((l) => declared.has(l));
  const total = kept.reduce((sum, l) => sum + WEIGHT[l], 0);
  return kept.map((lifecycle) => ({ lifecycle, share: WEIGHT[lifecycle] / total }));
}

/** The lifecycle for a draw `x` in [0, 1). */
export function lifecycleAt(shares: readonly LifecycleShare[], x: number): Lifecycle {
  let left = x;
  for (const s of shares) {
    left -= s.share;
    if (left < 0) return s.lifecycle;
  }
  return (shares[shares.length - 1] as LifecycleShare).lifecycle;
}
