// The reason codes of decide(): stable identifiers a marketer, an agent and a customer can each
// be shown. A refusal is a normal answer, not an error (errors live in platform/errors.ts).
// Their words live in the message catalogue (`reason.<code>`, src/words/), in every language.
import { EN } from '../words/en.ts';
import type { MessageId } from '../words/messages.ts';
import type { Words } from '../words/words.ts';

export const REASONS = {
  // Why something is allowed.
  'consent.given': { effect: 'allow' },
  'basis.contract': { effect: 'allow' },
  'basis.legitimate-interest': { effect: 'allow' },
  'basis.legal-obligation': { effect: 'allow' },
  'basis.vital-interest': { effect: 'allow' },
  'basis.public-task': { effect: 'allow' },
  'retention.within': { effect: 'allow' },
  // RT-32, IN-10: a disclosure to a recipient whose country the policy does not state says what
  // it rests on instead (src/policy/transfers.ts unstatedCountryGround).
  'recipient.country-unstated-eea-promised': { effect: 'allow' },
  'recipient.country-unstated-safeguard': { effect: 'allow' },
  'recipient.country-unstated-mechanisms': { effect: 'allow' },
  // Why something is refused.
  'purpose.unknown': { effect: 'deny' },
  'subject.unknown': { effect: 'deny' },
  'controller.partner': { effect: 'deny' },
  'consent.missing': { effect: 'deny' },
  'consent.refused': { effect: 'deny' },
  'consent.withdrawn': { effect: 'deny' },
  'consent.after-event': { effect: 'deny' },
  // Issue 17: given under an earlier policy whose purpose has since changed materially.
  'consent.outdated': { effect: 'deny' },
  'objection.marketing': { effect: 'deny' },
  'objection.profiling': { effect: 'deny' },
  'objection.legitimate-interest': { effect: 'deny' },
  'restriction.active': { effect: 'deny' },
  'restriction.since-event': { effect: 'deny' },
  'objection.since-event': { effect: 'deny' },
  'subscription.missing': { effect: 'deny' },
  'subscription.unknown': { effect: 'deny' },
  'subscription.not-subscribed': { effect: 'deny' },
  'lifecycle.not-allowed': { effect: 'deny' },
  'lifecycle.after-event': { effect: 'deny' },
  'prospect.expired': { effect: 'deny' },
  'former.window-ended': { effect: 'deny' },
  'former.too-soon': { effect: 'deny' },
  'channel.unknown': { effect: 'deny' },
  'channel.requires_login': { effect: 'deny' },
  'channel.requires_consent': { effect: 'deny' },
  'sender.missing': { effect: 'deny' },
  'sender.not-allowed': { effect: 'deny' },
  'domain.not-allowed': { effect: 'deny' },
  'domain.not-marketed': { effect: 'deny' },
  'retention.expired': { effect: 'deny' },
  // RT-11, RT-14: older than the purpose may look back (purposes[].lookBack).
  'purpose.look-back-exceeded': { effect: 'deny' },
  'class.unknown': { effect: 'deny' },
  'class.not-allowed': { effect: 'deny' },
  'class.channel-not-allowed': { effect: 'deny' },
  'recipient.unknown': { effect: 'deny' },
  'recipient.purpose-not-allowed': { effect: 'deny' },
  'recipient.field-not-allowed': { effect: 'deny' },
  'recipient.transfer-not-safeguarded': { effect: 'deny' },
  'mailbox.shared': { effect: 'deny' },
  'cap.reached': { effect: 'deny' },
} as const satisfies Record<string, { effect: 'allow' | 'deny' }>;

export type ReasonCode = keyof typeof REASONS;

/** A reason code's message in the catalogue (src/words/): the compiler checks every code has one. */
export const reasonMessage = (code: ReasonCode) => `reason.${code}` as const satisfies MessageId;

/**
 * A reason in plain words, in the language of `words` (src/words/words.ts: the answer's
 * language, chosen once per answer); in English without it.
 */
export function explain(code: ReasonCode, words?: Pick<Words, 'say'>): string {
  return words ? words.say(reasonMessage(code)) : EN[reasonMessage(code)];
}
