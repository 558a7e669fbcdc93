// Issue 15, BK-12, BK-13: a contact an agent made with a person, in a branch or on the phone, is
// one message in the communications ledger: judged by decide() like any other, counted toward
// the cap when its message class says so (BK-7: the policy's `countsTowardCap`, never a rule of
// this file), audited under the agent. Pure: which channels an agent logs and how an outcome is
// written.
import type { Policy } from '../policy/schema.ts';

/** What came of the contact: codes, not free text, so no personal remark ends up in the ledger. */
export const CONTACT_OUTCOMES = [
  'accepted',
  'declined',
  'considering',
  'callback-requested',
  'informed',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/**
 * An agent speaks with the person: the policy's channels addressed in person or by phone. A
 * letter, an e-mail or an online message goes out through campaigns or sendMessage, not here.
 */
const SPOKEN = new Set(['in-person', 'phone']);

type Channel = NonNullable<Policy['communications']>['channels'][number];

export const contactChannels = (policy: Policy): Channel[] =>
  (policy.communications?.channels ?? []).filter((c) => SPOKEN.has(c.address ?? ''));

/** The ledger's `contentRef` of a logged contact: where a campaign names its template. */
export const contactRef = (outcome: ContactOutcome): string => `contact:${outcome}`;
