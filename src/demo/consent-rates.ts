// How many demo people gave each consent: a rate a real population would show, read from what
// the purpose is, never one rate for everything. Deterministic and pure; the figures are the
// demo's assumptions, in the range published opt-in studies report, not a promise about anyone.
import { consentChannelsOf } from '../decide/compile.ts';
import type { Lifecycle, Policy, Purpose } from '../policy/schema.ts';

/** Per cent of the people asked who agree, before the adjustments below. */
const BASE = {
  /** Offers and news (Art. 21(2) direct marketing): most people say no. */
  directMarketing: 30,
  /** Being profiled (personalisation, interests). */
  profiling: 40,
  /** Anything else asked of people who use the service (a feature, a survey). */
  other: 60,
} as const;
/** An explicit opt-in (a specific, affirmative act) is given by fewer than a pre-set choice. */
const EXPLICIT = 0.7;
/** Something offered in return (Art. 7(4) incentive) raises take-up. */
const INCENTIVE = 1.3;
/** A consent a contract is made conditional on (Art. 7(4)) is given by nearly everyone asked. */
const CONDITION = 90;
/** Data passed to partners for their own use (a sale of data, in effect): few accept. */
const TO_PARTNERS = 8;

export type DemoConsent = {
  purpose: string;
  /** '' for one consent for all channels; else one row per channel, each drawn apart. */
  channels: readonly string[];
  /** Per cent of the people asked, 1..95. */
  rate: number;
  /** Who is asked: the purpose's lifecycles, or everyone. */
  lifecycles: readonly Lifecycle[] | null;
};

/** Every consent purpose of the policy, with the demo's rate and where it is given. */
export function demoConsents(policy: Policy): DemoConsent[] {
  return policy.purposes
    .filter((p) => p.legalBasis === 'consent')
    .map((p) => ({
      purpose: p.id,
      channels: p.consent?.perChannel ? (consentChannelsOf(policy, p.id) ?? []) : [''],
      rate: demoConsentRate(policy, p),
      lifecycles: p.lifecycles ?? null,
    }));
}

/**
 * Per cent of the people asked who give this consent: by what the purpose is (direct marketing
 * 30, profiling 40, else 60), times 0.7 for an explicit opt-in and 1.3 with an incentive; 90
 * when a contract depends on it; at most 8 when a partner (a third party, for its own ends)
 * receives the data for it. Bounded to 1..95: never everyone, never no one.
 */
export function demoConsentRate(policy: Policy, purpose: Purpose): number {
  const base = purpose.directMarketing
    ? BASE.directMarketing
    : purpose.profiling
      ? BASE.profiling
      : BASE.other;
  let rate = base * (purpose.consent?.explicit ? EXPLICIT : 1) * (purpose.consent?.incentive ? INCENTIVE : 1);
  if (purpose.consent?.conditionOf) rate = CONDITION;
  const toPartners = policy.recipients.some((r) => r.kind === 'partner' && r.purposes.includes(purpose.id));
  if (toPartners) rate = Math.min(rate, TO_PARTNERS);
  return Math.max(1, Math.min(95, Math.round(rate)));
}
