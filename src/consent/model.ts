// Consent, objections and restrictions: the rules a change must satisfy, and the proof it
// carries. Pure.
import { consentChannelsOf } from '../decide/compile.ts';
import type { ObjectionKind } from '../decide/types.ts';
import type { Role } from '../keys/model.ts';
import { GardeError } from '../platform/errors.ts';
import { BUILT_IN_CONSENT_INTERFACES, type ConsentInterface, type Policy } from '../policy/schema.ts';

/**
 * The interface a choice came through (the ledgers' `source`): one the policy declares in
 * `consentInterfaces`, or Garde's own `api` (the controller's staff or systems, no interface
 * named) and `gpc` (the browser's Global Privacy Control signal, recorded by Garde itself).
 */
export type Source = string;

/**
 * Sources Garde wrote before the policy named its interfaces (migration 038), and who recorded
 * each: the ledgers keep them, and a receipt must still say whose device was on record.
 */
const FORMER_SOURCES: Readonly<Record<string, ConsentInterface['recordedBy']>> = {
  portal: 'data-subject',
  agent: 'controller',
  letter: 'controller',
  email: 'controller',
};

export function consentInterfaceOf(policy: Policy, source: Source): ConsentInterface | undefined {
  return policy.consentInterfaces?.find((x) => x.id === source);
}

/**
 * Whether the controller wrote the choice down (staff, another system): the person still made
 * it, but the device and network on record are the controller's, never shown to the person as
 * theirs (receipt, history). From the policy's `recordedBy`; `api` is the controller's, `gpc`
 * the person's browser. A source the policy no longer declares counts as the controller's, so a
 * workstation is never presented as the person's device.
 */
export function recordedByController(policy: Policy, source: Source): boolean {
  if (source === 'gpc') return false;
  const recordedBy = consentInterfaceOf(policy, source)?.recordedBy ?? FORMER_SOURCES[source];
  return recordedBy !== 'data-subject';
}

/** Where the person acts themselves by default: the policy's first such interface that is no signal. */
export function selfService(policy: Policy): Source | undefined {
  return policy.consentInterfaces?.find((x) => x.recordedBy === 'data-subject' && !x.signal)?.id;
}

/** Every source a choice may name under this policy: its interfaces, then Garde's own. */
export function knownSources(policy: Policy): Source[] {
  return [...(policy.consentInterfaces ?? []).map((x) => x.id), ...BUILT_IN_CONSENT_INTERFACES];
}

/**
 * The sources `role` may claim, its default first (none: it must name one). The person acts
 * through a self-service interface (recordedBy: data-subject), or relays their device's signal;
 * an agent writes down what came through an interface staff record, or acts through the API;
 * a DPO, an admin or a system may record any interface (an app's back end relays what the person
 * did in the app), never `gpc`, which only the browser's signal records.
 */
export function claimableSources(policy: Policy, role: Role): Source[] {
  const declared = policy.consentInterfaces ?? [];
  if (role === 'customer') {
    const own = declared.filter((x) => x.recordedBy === 'data-subject');
    return [...own.filter((x) => !x.signal), ...own.filter((x) => x.signal)].map((x) => x.id);
  }
  if (role === 'agent')
    return ['api', ...declared.filter((x) => x.recordedBy === 'controller').map((x) => x.id)];
  return ['api', ...declared.map((x) => x.id)];
}

/**
 * The source to record for `role` asking for `requested` (absent: the role's default). Throws
 * SOURCE_UNKNOWN (400) for a source the policy does not declare, naming those it does, and
 * SOURCE_FORBIDDEN (403) for one the role may not claim.
 */
export function sourceFor(policy: Policy, role: Role, requested: Source | undefined): Source {
  const known = knownSources(policy);
  if (requested !== undefined && !known.includes(requested)) {
    const message = `unknown source "${requested}": this policy's are ${known.join(', ')}`;
    throw new GardeError('SOURCE_UNKNOWN', message, {
      errors: [{ in: 'body', path: '/source', message }],
      allowed: known,
    });
  }
  const claimable = claimableSources(policy, role);
  const own = role === 'customer' ? selfService(policy) : 'api';
  const source = requested ?? own;
  if (source === undefined)
    throw new GardeError(
      'SOURCE_FORBIDDEN',
      'the policy declares no consent interface where the person acts themselves (consentInterfaces with recordedBy: data-subject)',
    );
  if (!claimable.includes(source))
    throw new GardeError(
      'SOURCE_FORBIDDEN',
      `a ${role} may not record source "${source}"${claimable.length ? `: it may record ${claimable.join(', ')}` : ''}`,
    );
  return source;
}
export const OBJECTION_KINDS = [
  'direct-marketing',
  'profiling',
  'legitimate-interest',
] as const satisfies readonly ObjectionKind[];

/** Returns why a consent record cannot be taken for this purpose and channel, or null. */
export function checkConsentTarget(
  policy: Policy,
  purposeId: string,
  channel: string | undefined,
): string | null {
  const purpose = policy.purposes.find((p) => p.id === purposeId);
  if (!purpose) return `unknown purpose "${purposeId}"`;
  if (purpose.legalBasis !== 'consent')
    return `purpose "${purposeId}" rests on ${purpose.legalBasis}, not on consent`;
  if (channel === undefined) return null;
  if (!purpose.consent?.perChannel) return `purpose "${purposeId}" takes one consent for all channels`;
  const known = policy.communications?.channels.some((c) => c.id === channel);
  if (!known) return `unknown channel "${channel}"`;
  // Only a channel that carries the purpose takes its consent (e-mail consent on the phone is none).
  const carriers = consentChannelsOf(policy, purposeId) ?? [];
  return carriers.includes(channel)
    ? null
    : `channel "${channel}" does not carry purpose "${purposeId}" (its channels: ${carriers.join(', ')})`;
}

export function checkPurposeRef(policy: Policy, purposeId: string | undefined): string | null {
  if (purposeId === undefined) return null;
  return policy.purposes.some((p) => p.id === purposeId) ? null : `unknown purpose "${purposeId}"`;
}

/** Keeps the network, drops the host: /24 for IPv4, /48 for IPv6. */
export function truncateIp(ip: string | undefined): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(':')) {
    const groups = ip.split('::')[0]?.split(':').filter(Boolean) ?? [];
    return `${[...groups, '0', '0', '0'].slice(0, 3).join(':')}::/48`;
  }
  return null;
}
