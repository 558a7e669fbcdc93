// What Garde applies where a notice says nothing of how rights are handled (IN-23, RT-40): the
// Regulation's own rules, never a value written into the policy as if the notice stated it.
// `garde policy show` names them "the Regulation's default". Pure.
import type { Rights } from './schema.ts';

/** Art. 12(3): without undue delay and in any event within one month of receipt. */
export const REGULATION_DEADLINE = 'P1M';

/** The time to answer a request: the policy's, or the Regulation's month. */
export const rightsDeadline = (rights: Pick<Rights, 'deadline'>): string =>
  rights.deadline ?? REGULATION_DEADLINE;

/** Art. 12(3): the period "may be extended by two further months where necessary". */
export const REGULATION_EXTENSION = 'P2M';

/**
 * The one extension a request may get: the policy's, or, where the notice says nothing, the two
 * further months the Regulation itself allows (the person is told why within the first month).
 */
export const rightsExtension = (rights: Pick<Rights, 'extension'>): string =>
  rights.extension ?? REGULATION_EXTENSION;

type RightsChannel = Rights['channels'][number];

/**
 * Whether a request on this channel starts unverified, for staff to check who sent it. Absent,
 * the Regulation's default (Art. 12(6)): the controller checks the identity where it has
 * reasonable doubt, which only a person can judge, so Garde leaves the request to staff to
 * verify (they may accept it without a document). Only a channel the policy says needs no proof
 * (a portal whose login is the verification) is verified on receipt.
 */
export const channelNeedsProof = (channel: Pick<RightsChannel, 'identityProof'> | undefined): boolean =>
  channel?.identityProof ?? true;

/** The channel a signed-in person's own requests come through: the one stated to need no proof. */
export const portalChannel = (rights: Pick<Rights, 'channels'>): string | undefined =>
  rights.channels.find((c) => c.identityProof === false)?.id;

/**
 * RT-40: whether a request for this right may come through this channel. A channel that lists
 * no rights takes every supported one (a notice that names one address for every request).
 */
export const channelTakes = (channel: Pick<RightsChannel, 'rights'>, right: string): boolean =>
  channel.rights === undefined || (channel.rights as readonly string[]).includes(right);

/** RT-40: the channels a request for this right may come through, in the policy's order. */
export const channelsTaking = (rights: Pick<Rights, 'channels'>, right: string): string[] =>
  rights.channels.filter((c) => channelTakes(c, right)).map((c) => c.id);

/**
 * Garde's default (not the Regulation's, which says nothing of it) for how long a fulfilled
 * access or portability answer stays downloadable: 30 days, the time to fetch it after being
 * told, without leaving a standing way to the person's data. After it, the person asks again.
 */
export const GARDE_DELIVERY_WINDOW = 'P30D';

/** How long a fulfilled answer may be downloaded: the policy's `rights.deliveryWindow`, or Garde's 30 days. */
export const deliveryWindow = (rights: Pick<Rights, 'deliveryWindow'>): string =>
  rights.deliveryWindow ?? GARDE_DELIVERY_WINDOW;
