// Which consent record answers for a purpose, and on which channel (BK-11, BK-16, EN-9, EN-11).
// One rule, here, that decide() applies and decide/sql.ts mirrors:
// - a channel's own record wins for that channel;
// - otherwise the purpose-wide record answers for every channel;
// - a purpose-wide record the person makes replaces the channel records before it (the
//   projection drops them), so a later purpose-wide withdrawal covers every channel and a later
//   purpose-wide consent covers them again; a GPC signal withdraws only what was given without it;
// - asked without a channel, a purpose holds if the person consents to it on at least one channel.
// Pure.
import { toDate } from '../policy/duration.ts';
import type { ConsentState, SubjectState } from './types.ts';

export type ResolvedConsent = {
  state: ConsentState | undefined;
  /** Since when a `given` answer has held without a break; null when unknown or not given. */
  since: Date | null;
};

export const consentKey = (purpose: string, channel: string | undefined) =>
  channel ? `${purpose}:${channel}` : purpose;

export function resolveConsent(
  state: Pick<SubjectState, 'consents' | 'consentSince'>,
  purpose: string,
  channel?: string,
): ResolvedConsent {
  const at = (key: string): ResolvedConsent => {
    const s = state.consents[key];
    const since = s === 'given' ? state.consentSince?.[key] : undefined;
    return { state: s, since: since ? toDate(since) : null };
  };
  if (channel) {
    const own = consentKey(purpose, channel);
    return state.consents[own] !== undefined ? at(own) : at(purpose);
  }
  return anyChannel(state, purpose, at);
}

function anyChannel(
  state: Pick<SubjectState, 'consents'>,
  purpose: string,
  at: (key: string) => ResolvedConsent,
): ResolvedConsent {
  const keys = [purpose, ...Object.keys(state.consents).filter((k) => k.startsWith(`${purpose}:`))];
  const given = keys.map(at).filter((r) => r.state === 'given');
  if (given.length > 0) {
    const times = given.map((g) => g.since?.getTime() ?? Number.NaN);
    const known = times.every((t) => !Number.isNaN(t));
    return { state: 'given', since: known ? new Date(Math.min(...times)) : null };
  }
  const wide = state.consents[purpose];
  if (wide !== undefined) return { state: wide, since: null };
  const states = keys.map((k) => state.consents[k]);
  if (states.includes('withdrawn')) return { state: 'withdrawn', since: null };
  return { state: states.includes('refused') ? 'refused' : undefined, since: null };
}
