// What a channel's outbound batch holds, read from the policy alone: the fields its `batch`
// names or, when it names none, what its kind of address needs to reach the person. Never
// from the channel's id: an `sms` or a `doorstep` channel is known by its `address`. Pure.
import type { BATCH_FIELDS, CHANNEL_ADDRESSES, Policy } from './schema.ts';

export type BatchField = (typeof BATCH_FIELDS)[number];
export type ChannelAddress = (typeof CHANNEL_ADDRESSES)[number];
type Channel = NonNullable<Policy['communications']>['channels'][number];

/**
 * The identity fields without which a message cannot reach the person at this kind of address,
 * and no more (Art. 5(1)(c), data minimisation): a letter or a visit at the door needs the name
 * and the postal address, a call or a text message the number, an e-mail the mailbox. A push notification (the
 * controller's app on the person's device, which knows them by their subject id), in person (the
 * person comes to the controller) and in an online session, the subject id is enough.
 */
export const ADDRESS_FIELDS: Readonly<Record<ChannelAddress, readonly BatchField[]>> = {
  email: ['email'],
  postal: ['givenName', 'familyName', 'street', 'postalCode', 'city', 'country'],
  phone: ['phone'],
  // RT-11: the app's registration for push messages is keyed by the subject id: nothing more.
  push: [],
  'in-person': [],
  'online-session': [],
};

export type ChannelBatch = {
  fields: readonly BatchField[];
  reader: 'spreadsheet' | 'machine';
  /** EN-8, BK-15: the processor the batch is for (a `recipients` id), when the policy names one. */
  recipient?: string;
};

/**
 * The batch a campaign on this channel writes: its declared `batch`, or a machine file of what
 * its address needs (subject ids only for a channel that declares neither).
 */
export function channelBatch(channel: Channel | undefined): ChannelBatch {
  if (channel?.batch) return channel.batch;
  return { fields: channel?.address ? ADDRESS_FIELDS[channel.address] : [], reader: 'machine' };
}

/** The fields the channel's address needs that its declared batch leaves out (lint). */
export function missingAddressFields(channel: Channel): BatchField[] {
  if (!channel.batch || !channel.address) return [];
  return ADDRESS_FIELDS[channel.address].filter((f) => !channel.batch?.fields.includes(f));
}

/**
 * The purposes a campaign on this channel may have, as far as the policy says: those of the
 * message classes that may use the channel (a class that names no purposes says nothing), less
 * a purpose whose consent other channels carry and this one does not (BK-11: consent to e-mail
 * is not asked on the phone). Lint compares them with what the batch's processor takes.
 */
export function channelPurposes(policy: Policy, channel: Channel): string[] {
  const comms = policy.communications;
  const carriedElsewhere = (purpose: string) => {
    const carriers = (comms?.channels ?? []).filter((c) => c.consentPurpose === purpose);
    return carriers.length > 0 && !carriers.some((c) => c.id === channel.id);
  };
  const purposes = (comms?.messageClasses ?? [])
    .filter((m) => !m.channels || m.channels.includes(channel.id))
    .flatMap((m) => m.purposes ?? []);
  return [...new Set(purposes)].filter((p) => !carriedElsewhere(p));
}
