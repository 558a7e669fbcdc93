// A policy change in plain words, in the policies' own terms (issue 17 item 4): the recipient's
// name, the category's description, a duration in words ("2 years", never P2Y), a country by
// its name. For the person asked to consent again and for `garde policy diff`. One message per
// case (E20): a country or a clock that is no longer stated has its own sentence, never a
// placeholder, and a country is named after a label, never after a guessed preposition.
import type { MessageId } from '../words/messages.ts';
import type { Words } from '../words/words.ts';
import type { Change } from './diff.ts';
import { type Policy, RETENTION_CLOCKS } from './schema.ts';

/** One sentence for a change between `older` and `newer`, in the language of `words`. */
export function describeChange(change: Change, older: Policy, newer: Policy, words: Words): string {
  const d = change.detail;
  const both = (find: (p: Policy) => string | undefined) => find(newer) ?? find(older);
  const purpose = both((p) => text(words, p.purposes.find((x) => x.id === change.purposes[0])?.description));
  const recipient = both((p) => p.recipients.find((r) => r.id === d.recipient)?.name);
  const category = both((p) => text(words, p.categories.find((c) => c.id === d.category)?.description));
  const channel = both((p) =>
    text(words, p.communications?.channels.find((c) => c.id === d.channel)?.description),
  );
  const messageClass = both((p) =>
    text(words, p.communications?.messageClasses.find((c) => c.id === d.messageClass)?.description),
  );
  const value = (v: string | undefined) => (v === undefined ? '' : valueWords(change, v, newer, words));
  const args = {
    purpose: purpose ?? '',
    recipient: recipient ?? '',
    category: category ?? '',
    channel: channel ?? '',
    messageClass: messageClass ?? '',
    items: words.list((d.added ?? d.removed ?? []).map((id) => itemName(change, id, newer, words))),
    before: value(d.before),
    after: value(d.after),
  };
  return words.say(messageOf(change), args);
}

/** The message of a change: its kind's, or the one for the case its detail shows. */
function messageOf(change: Change): MessageId {
  const d = change.detail;
  switch (change.kind) {
    case 'purpose.look-back':
      return d.after === undefined ? 'change.purpose.look-back.unlimited' : 'change.purpose.look-back';
    case 'purpose.senders':
      return d.added === undefined ? 'change.purpose.senders.any' : 'change.purpose.senders';
    case 'purpose.lifecycles':
      return d.added === undefined ? 'change.purpose.lifecycles.everyone' : 'change.purpose.lifecycles';
    case 'recipient.country-eea':
      return d.after === undefined ? 'change.recipient.country-eea.unnamed' : 'change.recipient.country-eea';
    case 'retention.clock':
      return d.after === undefined ? 'change.retention.clock.unstated' : 'change.retention.clock';
    case 'channel.requirements':
      return d.before === 'identified-session'
        ? 'change.channel.requirements.identified-session'
        : d.before === 'no-objection'
          ? 'change.channel.requirements.no-objection'
          : 'change.channel.requirements.explicit-consent';
    default:
      return `change.${change.kind}`;
  }
}

/** A before/after value in words: a legal basis, a clock, a country, a kind, or a duration. */
function valueWords(change: Change, v: string, policy: Policy, words: Words): string {
  switch (change.kind) {
    case 'purpose.legal-basis':
      return words.say(`legalBasis.${v}` as MessageId);
    case 'retention.clock':
      return (RETENTION_CLOCKS as readonly string[]).includes(v)
        ? words.say(`clock.${v}` as MessageId)
        : (text(words, policy.retentionEvents?.find((x) => x.id === v)?.description) ??
            words.say('change.unknown'));
    case 'recipient.country':
    case 'recipient.country-eea':
    case 'transfer.added':
      return new Intl.DisplayNames([words.language, 'en'], { type: 'region' }).of(v) ?? v;
    case 'recipient.kind':
      return words.say(`recipientKind.${v}` as MessageId);
    default:
      return words.duration(v);
  }
}

function text(words: Words, value: Parameters<Words['text']>[0] | undefined): string | undefined {
  return value === undefined ? undefined : words.text(value);
}

/** An added id by its name in the policy (a category's description, an entity's name...). */
function itemName(change: Change, id: string, policy: Policy, words: Words): string {
  const k = change.kind;
  const named =
    k === 'purpose.categories' || k === 'recipient.categories'
      ? text(words, policy.categories.find((c) => c.id === id)?.description)
      : k === 'purpose.senders' || k === 'purpose.controller'
        ? (policy.controller.entities.find((e) => e.id === id)?.name ??
          (policy.jointControllers ?? [])
            .find((j) => j.id === id)
            ?.parties.map(partyName(policy))
            .join(', '))
        : k === 'purpose.channels'
          ? text(words, policy.communications?.channels.find((c) => c.id === id)?.description)
          : k === 'purpose.classes'
            ? text(words, policy.communications?.messageClasses.find((c) => c.id === id)?.description)
            : k === 'purpose.products'
              ? text(words, policy.products?.find((p) => p.id === id)?.name)
              : k === 'tracking.event-kinds'
                ? text(words, policy.tracking?.eventKinds.find((e) => e.id === id)?.description)
                : k === 'category.sources'
                  ? text(words, policy.sources?.find((s) => s.id === id)?.description)
                  : k === 'rights.removed'
                    ? words.say(`right.${id}` as MessageId)
                    : k === 'purpose.lifecycles'
                      ? words.say(`lifecycle.${id}` as MessageId)
                      : undefined;
  // An id with no name in the policy (a field, a special condition) is not shown to a person.
  return named ?? words.say('change.unknown');
}

const partyName = (policy: Policy) => (p: string | { name: string }) =>
  typeof p === 'string' ? (policy.controller.entities.find((e) => e.id === p)?.name ?? p) : p.name;
