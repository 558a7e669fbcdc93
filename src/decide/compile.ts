// Indexes a policy once (per policy object) so decide() answers with map lookups only.
import type { Policy, Purpose, RetentionRule } from '../policy/schema.ts';

type Channel = NonNullable<Policy['communications']>['channels'][number];

export type CompiledPolicy = {
  purposes: Map<string, Purpose>;
  channels: Map<string, Channel>;
  senders: Set<string> | null;
  /** Retention rules keyed by category, for the clocks a subject carries. */
  retentionByCategory: Map<string, RetentionRule[]>;
  formerCustomers: NonNullable<Policy['communications']>['formerCustomers'] | undefined;
  classes: Map<string, NonNullable<Policy['communications']>['messageClasses'][number]>;
  subscriptions: Set<string>;
};

const compiled = new WeakMap<Policy, CompiledPolicy>();

export function compilePolicy(policy: Policy): CompiledPolicy {
  const hit = compiled.get(policy);
  if (hit) return hit;
  const retentionByCategory = new Map<string, RetentionRule[]>();
  for (const r of policy.retention) {
    retentionByCategory.set(r.category, [...(retentionByCategory.get(r.category) ?? []), r]);
  }
  const c: CompiledPolicy = {
    purposes: new Map(policy.purposes.map((p) => [p.id, p])),
    channels: new Map((policy.communications?.channels ?? []).map((ch) => [ch.id, ch])),
    senders: policy.communications ? new Set(policy.communications.senders) : null,
    retentionByCategory,
    formerCustomers: policy.communications?.formerCustomers,
    classes: new Map((policy.communications?.messageClasses ?? []).map((m) => [m.id, m])),
    subscriptions: new Set((policy.subscriptions ?? []).map((s) => s.id)),
  };
  compiled.set(policy, c);
  return c;
}
