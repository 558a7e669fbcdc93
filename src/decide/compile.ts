// Indexes a policy once (per policy object) so decide() answers with map lookups only.
import type { Policy, Purpose, RetentionRule } from '../policy/schema.ts';
import type { OutdatedWindow } from './types.ts';

type Channel = NonNullable<Policy['communications']>['channels'][number];

export type CompiledPolicy = {
  purposes: Map<string, Purpose>;
  channels: Map<string, Channel>;
  senders: Set<string> | null;
  /** EN-6(c): the product domains the controller markets; null when the policy names none. */
  marketingDomains: Set<string> | null;
  /** Retention rules keyed by category, for the clocks a subject carries. */
  retentionByCategory: Map<string, RetentionRule[]>;
  formerCustomers: NonNullable<Policy['communications']>['formerCustomers'] | undefined;
  classes: Map<string, NonNullable<Policy['communications']>['messageClasses'][number]>;
  subscriptions: Set<string>;
  /**
   * For each purpose that takes consent per channel, the channels that carry it: those whose
   * consentPurpose it is, or every channel when none names it (src/decide/consent.ts).
   */
  consentChannels: Map<string, readonly string[]>;
  /**
   * Issue 17: per consent purpose, when the `given` records that no longer count were made
   * (withOutdatedConsents); empty for a policy that carries none.
   */
  outdatedConsents: ReadonlyMap<string, readonly OutdatedWindow[]>;
};

const outdatedBy = new WeakMap<Policy, ReadonlyMap<string, readonly OutdatedWindow[]>>();

/**
 * The policy in force, carrying the windows of consents that its changes outdated (loaded from
 * the recorded policies at start-up: src/policy-versions/). A copy: the parsed policy stays as
 * it was, and decide() stays pure, reading them from the policy it is given.
 */
export function withOutdatedConsents(
  policy: Policy,
  windows: ReadonlyMap<string, readonly OutdatedWindow[]>,
): Policy {
  const copy = { ...policy };
  outdatedBy.set(copy, windows);
  return copy;
}

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
    marketingDomains: policy.communications?.domains ? new Set(policy.communications.domains) : null,
    retentionByCategory,
    formerCustomers: policy.communications?.formerCustomers,
    classes: new Map((policy.communications?.messageClasses ?? []).map((m) => [m.id, m])),
    subscriptions: new Set((policy.subscriptions ?? []).map((s) => s.id)),
    consentChannels: consentChannels(policy),
    outdatedConsents: outdatedBy.get(policy) ?? new Map(),
  };
  compiled.set(policy, c);
  return c;
}

function consentChannels(policy: Policy): Map<string, readonly string[]> {
  const channels = policy.communications?.channels ?? [];
  const out = new Map<string, readonly string[]>();
  for (const p of policy.purposes) {
    if (!p.consent?.perChannel) continue;
    const own = channels.filter((c) => c.consentPurpose === p.id).map((c) => c.id);
    out.set(p.id, own.length > 0 ? own : channels.map((c) => c.id));
  }
  return out;
}

/** The channels that carry a purpose's consent, or null when it takes one for all channels. */
export function consentChannelsOf(policy: Policy, purpose: string): readonly string[] | null {
  return compilePolicy(policy).consentChannels.get(purpose) ?? null;
}
