// A policy change in plain words, in the policies' own terms (issue 17 item 4): the recipient's
// name, the category's description, a duration in words ("2 years", never P2Y), a country by
// its name. For the person asked to consent again and for `garde policy diff`.
import type { Words } from '../words/words.ts';
import type { Change } from './diff.ts';
import type { Policy } from './schema.ts';

/** One sentence for a change between `older` and `newer`, in the language of `words`. */
export function describeChange(change: Change, older: Policy, newer: Policy, words: Words): string {
  const d = change.detail;
  const both = (find: (p: Policy) => string | undefined) => find(newer) ?? find(older);
  const purpose = both((p) => text(words, p.purposes.find((x) => x.id === change.purposes[0])?.description));
  const recipient = both((p) => p.recipients.find((r) => r.id === d.recipient)?.name);
  const category = both((p) => text(words, p.categories.find((c) => c.id === d.category)?.description));
  const country = (code: string | undefined) =>
    code === undefined
      ? 'none'
      : (new Intl.DisplayNames([words.language], { type: 'region' }).of(code) ?? code);
  const span = (iso: string | undefined) => (iso === undefined ? 'none' : words.duration(iso));
  const isBasis = change.kind === 'purpose.legal-basis';
  const isClock = change.kind === 'retention.clock';
  const value = (v: string | undefined) => {
    if (isBasis && v) return words.say(`legalBasis.${v}` as 'legalBasis.consent');
    if (isClock)
      return v && CLOCKS.has(v) ? words.say(`clock.${v}` as 'clock.event-time') : eventName(newer, words, v);
    if (change.kind === 'recipient.country' || change.kind === 'transfer.added') return country(v);
    return span(v);
  };
  const args = {
    purpose: purpose ?? '',
    recipient: recipient ?? '',
    category: category ?? '',
    items: words.list((d.added ?? []).map((id) => itemName(change, id, newer, words))),
    before: value(d.before),
    after: value(d.after),
  };
  return words.say(`change.${change.kind}`, args);
}

const CLOCKS = new Set(['event-time', 'contract-end', 'last-contact', 'invoice-date', 'collected']);

function text(words: Words, value: Parameters<Words['text']>[0] | undefined): string | undefined {
  return value === undefined ? undefined : words.text(value);
}

function eventName(policy: Policy, words: Words, id: string | undefined): string {
  const e = policy.retentionEvents?.find((x) => x.id === id);
  return e ? words.text(e.description) : 'none';
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
                : undefined;
  // An id with no name in the policy (a field, a special condition) is not shown to a person.
  return named ?? words.say('change.unknown');
}

const partyName = (policy: Policy) => (p: string | { name: string }) =>
  typeof p === 'string' ? (policy.controller.entities.find((e) => e.id === p)?.name ?? p) : p.name;
