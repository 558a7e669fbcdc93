// Consent, objections and restrictions: the rules a change must satisfy, and the proof it
// carries. Pure.
import { consentChannelsOf } from '../decide/compile.ts';
import type { ObjectionKind } from '../decide/types.ts';
import type { Role } from '../keys/model.ts';
import type { Policy } from '../policy/schema.ts';

export const SOURCES = ['portal', 'api', 'agent', 'letter', 'email', 'gpc'] as const;
export type Source = (typeof SOURCES)[number];

/**
 * Sources through which the controller wrote the choice down (staff, another system): the
 * person still made it, but the device and network on record are the controller's, never
 * shown to the person as theirs (receipt, history).
 */
export const RECORDED_BY_CONTROLLER: ReadonlySet<Source> = new Set(['api', 'agent', 'letter', 'email']);
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

/**
 * Who may claim which source: a customer acts in the portal; an agent records what came by
 * letter or e-mail, or acts at the counter; a DPO or admin may record any but the GPC signal,
 * which only the browser sends.
 */
export function sourceFor(role: Role, requested: Source | undefined): Source | null {
  if (role === 'customer') return requested === undefined || requested === 'portal' ? 'portal' : null;
  if (role === 'agent')
    return ['agent', 'letter', 'email'].includes(requested ?? 'agent') ? (requested ?? 'agent') : null;
  return requested === 'gpc' ? null : (requested ?? 'api');
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
