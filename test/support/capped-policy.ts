// A policy with a cap its notice may not state: tests of the cap itself (strictness under
// concurrency, the ledger matching the counter) run on a copy of an example policy that adds
// one explicitly, so no example policy has to invent a cap for them.
import { createCampaign } from '../../src/comms/campaigns.ts';
import { recordConsent } from '../../src/consent/consent.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { type PolicyDocument, policyVariant } from './policy-variant.ts';

export type CapSpec = {
  max: number;
  window: 'calendar-month' | 'calendar-year' | 'rolling';
  timeZone: string;
  mode: 'strict' | 'target';
  rollingWindow?: string;
};

/** Two counted messages per calendar month, never exceeded (no override). */
export const STRICT_TWO_A_MONTH: CapSpec = {
  max: 2,
  window: 'calendar-month',
  timeZone: 'Europe/Brussels',
  mode: 'strict',
};

/**
 * `file` with `cap` added to its communications. Classes that are not commercial and say
 * nothing about the cap are marked as not counting, so only commercial messages take slots.
 */
export function cappedPolicy(file: string, cap: CapSpec = STRICT_TWO_A_MONTH): Promise<string> {
  return policyVariant(file, (doc: PolicyDocument) => {
    doc.communications.cap = { ...cap };
    for (const c of doc.communications.messageClasses)
      if (!c.commercial && c.countsTowardCap === undefined) c.countsTowardCap = false;
  });
}

/**
 * The energy supplier's policy with "at most `max` in any 30 days", strict, and a second channel
 * that reaches its customers (a shop counter), so the rolling window is seen shared across
 * channels. Neither is in the energy notice: they exist for the cap's own tests.
 */
export function rollingCappedPolicy(max: number): Promise<string> {
  return policyVariant('policies/energy-services.yaml', (doc: PolicyDocument) => {
    doc.communications.channels.push({
      id: 'shop-counter',
      address: 'in-person',
      description: { fr: 'Guichet', nl: 'Loket', en: 'Shop counter' },
      requires: ['no-objection'],
    });
    doc.communications.cap = {
      max,
      window: 'rolling',
      rollingWindow: 'P30D',
      timeZone: 'Europe/Brussels',
      mode: 'strict',
    };
    for (const c of doc.communications.messageClasses)
      if (!c.commercial && c.countsTowardCap === undefined) c.countsTowardCap = false;
  });
}

/**
 * `count` energy customers the capped copy may reach on every channel: the e-mail channel needs
 * its consent (EN-9), and the cap counts e-mail with the door-to-door visits. Their ids.
 */
export async function reachableEnergyCustomers(deps: Deps, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await createSubject(deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
    await recordConsent(
      deps,
      id,
      { purpose: 'marketing-email-prospects', state: 'given' },
      { actor: 'test', role: 'admin' },
    );
    ids.push(id);
  }
  return ids;
}

/** The energy supplier's commercial proposal (its capped copies' counted class), as the load tests send it. */
export const ENERGY_PROPOSAL = {
  purpose: 'marketing-customers',
  messageClass: 'commercial',
  sender: 'energy-services',
} as const;

/** `count` draft campaigns of the energy proposal on `channel` to every customer. Their ids. */
export async function energyCampaigns(deps: Deps, count: number, channel: string): Promise<string[]> {
  const ids: string[] = [];
  for (let c = 0; c < count; c++) {
    const body = {
      ...ENERGY_PROPOSAL,
      channel,
      name: `c${c}`,
      contentRef: `c${c}`,
      audience: { lifecycles: ['customer' as const] },
    };
    ids.push((await createCampaign(deps, body, 'test')).id);
  }
  return ids;
}
