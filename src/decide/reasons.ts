// The reason codes of decide(): stable identifiers a marketer, an agent and a customer can each
// be shown. A refusal is a normal answer, not an error (errors live in platform/errors.ts).

export const REASONS = {
  // Why something is allowed.
  'consent.given': { effect: 'allow', text: 'The person gave consent for this purpose' },
  'basis.contract': { effect: 'allow', text: 'Needed to perform a contract or to take pre-contract steps' },
  'basis.legitimate-interest': {
    effect: 'allow',
    text: 'Legitimate interest, and the person has not objected',
  },
  'basis.legal-obligation': { effect: 'allow', text: 'Required by law' },
  'basis.vital-interest': { effect: 'allow', text: 'Protects vital interests' },
  'basis.public-task': { effect: 'allow', text: 'A task in the public interest' },
  'retention.within': { effect: 'allow', text: 'Within the retention period' },
  // Why something is refused.
  'purpose.unknown': { effect: 'deny', text: 'The policy declares no such purpose' },
  'subject.unknown': { effect: 'deny', text: 'No such person' },
  'controller.partner': {
    effect: 'deny',
    text: 'Held as processor for a partner, whose policy governs this data',
  },
  'consent.missing': { effect: 'deny', text: 'The person has not given consent' },
  'consent.refused': { effect: 'deny', text: 'The person refused consent' },
  'consent.withdrawn': { effect: 'deny', text: 'The person withdrew consent' },
  'consent.after-event': {
    effect: 'deny',
    text: 'This happened before the person gave consent: the consent does not cover it',
  },
  'objection.marketing': { effect: 'deny', text: 'The person objected to direct marketing' },
  'objection.profiling': { effect: 'deny', text: 'The person objected to profiling' },
  'objection.legitimate-interest': {
    effect: 'deny',
    text: 'The person objected to processing based on legitimate interest',
  },
  'restriction.active': {
    effect: 'deny',
    text: 'Processing is restricted (Art. 18): the data may only be stored',
  },
  'restriction.since-event': {
    effect: 'deny',
    text: 'Processing was restricted at some point after this happened',
  },
  'objection.since-event': {
    effect: 'deny',
    text: 'The person objected at some point after this happened',
  },
  'subscription.missing': { effect: 'deny', text: 'A subscribed message must name its subscription' },
  'subscription.unknown': { effect: 'deny', text: 'The policy offers no such subscription' },
  'subscription.not-subscribed': {
    effect: 'deny',
    text: 'The person is not subscribed to this newsletter, alert or magazine',
  },
  'lifecycle.not-allowed': { effect: 'deny', text: 'This purpose does not apply to this kind of person' },
  'lifecycle.after-event': {
    effect: 'deny',
    text: 'This happened before the person became a customer: the purpose did not apply then',
  },
  'prospect.expired': {
    effect: 'deny',
    text: 'More than the allowed time since the last contact with this prospect',
  },
  'former.window-ended': {
    effect: 'deny',
    text: 'Too long since the contract ended to contact this former customer',
  },
  'former.too-soon': { effect: 'deny', text: 'A former customer may be contacted only once per period' },
  'channel.unknown': { effect: 'deny', text: 'The policy declares no such channel' },
  'channel.requires_login': { effect: 'deny', text: 'This channel needs the person to be logged in' },
  'channel.requires_consent': {
    effect: 'deny',
    text: 'This channel needs the person’s prior explicit consent',
  },
  'sender.missing': { effect: 'deny', text: 'A proposal must name the entity that sends it' },
  'sender.not-allowed': { effect: 'deny', text: 'This entity may not make proposals' },
  'domain.not-allowed': { effect: 'deny', text: 'This product domain is outside the purpose' },
  'retention.expired': { effect: 'deny', text: 'The retention period has passed' },
  'class.unknown': { effect: 'deny', text: 'The policy declares no such message class' },
  'class.not-allowed': { effect: 'deny', text: 'This message class may not be used for this purpose' },
  'class.channel-not-allowed': {
    effect: 'deny',
    text: 'This message class may not be sent on this channel',
  },
  'recipient.unknown': { effect: 'deny', text: 'The policy declares no such recipient' },
  'recipient.purpose-not-allowed': {
    effect: 'deny',
    text: 'This recipient does not receive data for this purpose',
  },
  'recipient.field-not-allowed': {
    effect: 'deny',
    text: 'This recipient may not see these fields (need to know)',
  },
  'recipient.transfer-not-safeguarded': {
    effect: 'deny',
    text: 'This recipient is outside the EEA and no valid transfer safeguard covers it (GDPR Chapter V)',
  },
  'mailbox.shared': {
    effect: 'deny',
    text: 'Someone else at the same e-mail address gets this message: one mailbox, one message',
  },
  'cap.reached': {
    effect: 'deny',
    text: 'The person already received the allowed number of commercial messages this period',
  },
} as const satisfies Record<string, { effect: 'allow' | 'deny'; text: string }>;

export type ReasonCode = keyof typeof REASONS;

export function explain(code: ReasonCode): string {
  return REASONS[code].text;
}
