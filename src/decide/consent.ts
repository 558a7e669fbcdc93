// Which consent record answers for a purpose, and on which channel (BK-11, BK-16, EN-9, EN-11).
// One rule, here, that decide() applies and decide/sql.ts mirrors:
// - a channel's own record wins for that channel;
// - otherwise the purpose-wide record answers for every channel;
// - a purpose-wide record the person makes replaces the channel records before it (the
//   projection drops them), so a later purpose-wide withdrawal covers every channel and a later
//   purpose-wide consent covers them again; a GPC signal withdraws only what was given without it;
// - asked without a channel, a purpose that takes consent per channel holds if the person
//   consents to it on at least one channel.
// Pure. On the hot path (every decision) it allocates nothing but its answer.
import { toDate } from '../policy/duration.ts';
import type { ConsentState, SubjectState } from './types.ts';

export type ResolvedConsent = {
  state: ConsentState | undefined;
  /** The key of the record that answers (or the earliest given one, across channels). */
  key: string | undefined;
};

const keys = new Map<string, Map<string, string>>();

/** `purpose` or `purpose:channel`, built once per pair: every decision looks keys up. */
export function consentKey(purpose: string, channel: string | undefined): string {
  if (!channel) return purpose;
  let byChannel = keys.get(purpose);
  if (!byChannel) {
    byChannel = new Map();
    keys.set(purpose, byChannel);
  }
  let key = byChannel.get(channel);
  if (key === undefined) {
    key = `${purpose}:${channel}`;
    byChannel.set(channel, key);
  }
  return key;
}

/**
 * `perChannel`: whether the purpose takes consent per channel (only then can channel records
 * exist; without it the purpose-wide record alone answers).
 */
export function resolveConsent(
  state: Pick<SubjectState, 'consents' | 'consentSince'>,
  purpose: string,
  channel: string | undefined,
  perChannel = true,
): ResolvedConsent {
  if (!perChannel) return { state: state.consents[purpose], key: purpose };
  if (channel) {
    const own = consentKey(purpose, channel);
    const s = state.consents[own];
    return s !== undefined ? { state: s, key: own } : { state: state.consents[purpose], key: purpose };
  }
  return anyChannel(state, purpose);
}

/** Since when the answering `given` record has held without a break; null when unknown. */
export function consentSince(
  state: Pick<SubjectState, 'consentSince'>,
  resolved: ResolvedConsent,
): Date | null {
  const since = resolved.key === undefined ? undefined : state.consentSince?.[resolved.key];
  return since === undefined ? null : toDate(since);
}

// Given on any channel: the earliest run that still holds answers; else the purpose-wide
// answer; else withdrawn or refused on some channel.
function anyChannel(
  state: Pick<SubjectState, 'consents' | 'consentSince'>,
  purpose: string,
): ResolvedConsent {
  let given: string | undefined;
  let givenAt = Number.POSITIVE_INFINITY;
  let withdrawn = false;
  let refused = false;
  for (const key in state.consents) {
    if (key !== purpose && !key.startsWith(`${purpose}:`)) continue;
    const s = state.consents[key];
    if (s === 'withdrawn') withdrawn = true;
    else if (s === 'refused') refused = true;
    else if (s === 'given') {
      const raw = state.consentSince?.[key];
      const at = raw === undefined ? Number.NEGATIVE_INFINITY : toDate(raw).getTime();
      if (given === undefined || at < givenAt) {
        given = key;
        givenAt = at;
      }
    }
  }
  if (given !== undefined) return { state: 'given', key: given };
  const wide = state.consents[purpose];
  if (wide !== undefined) return { state: wide, key: purpose };
  return { state: withdrawn ? 'withdrawn' : refused ? 'refused' : undefined, key: undefined };
}
