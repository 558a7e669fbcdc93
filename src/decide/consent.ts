// Which consent record answers for a purpose, and on which channel (BK-11, BK-16, EN-9, EN-11).
// One rule, here, that decide() applies and decide/sql-consent.ts mirrors:
// - a purpose that takes consent per channel is carried by some channels (those whose
//   consentPurpose it is, or every channel when none names it: decide/compile.ts);
// - on one of them, its own record wins; otherwise the purpose-wide record answers;
// - a purpose-wide record the person makes replaces the channel records before it (the
//   projection drops them), so a later purpose-wide withdrawal covers every channel and a later
//   purpose-wide consent covers them again; GPC withdraws what was given before it;
// - asked without a channel, the purpose holds if it holds on at least one of its channels;
// - issue 17: a `given` record made while an earlier policy was in force, whose change since
//   renews the purpose's consent, answers `outdated` (it no longer counts; a new record does).
// Pure. On the hot path (every decision) it allocates nothing but its answer.
import { toDate } from '../policy/duration.ts';
import type { EffectiveConsent, OutdatedWindow, SubjectState } from './types.ts';

export type ResolvedConsent = {
  state: EffectiveConsent | undefined;
  /** The key of the record that answers (or the earliest given one, across channels). */
  key: string | undefined;
};

type State = Pick<SubjectState, 'consents' | 'consentSince' | 'consentRecordedAt'>;
type Windows = readonly OutdatedWindow[] | undefined;

const keys = new Map<string, Map<string, string>>();

/** `purpose` or `purpose:channel`, built once per pair: every decision looks keys up. */
/** The channel a consent key of `purpose` names ('' for the purpose-wide record), or null if it is another purpose's. */
export function channelOfKey(purpose: string, key: string): string | null {
  if (key === purpose) return '';
  return key.startsWith(`${purpose}:`) ? key.slice(purpose.length + 1) : null;
}

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
 * `channels`: the channels that carry the purpose's consent (consentChannelsOf), or null when
 * it takes one consent for all channels (then the purpose-wide record alone answers).
 * `outdated`: the purpose's outdated windows (CompiledPolicy.outdatedConsents), absent: none.
 */
export function resolveConsent(
  state: State,
  purpose: string,
  channel: string | undefined,
  channels: readonly string[] | null,
  outdated?: Windows,
): ResolvedConsent {
  if (!channels) return { state: stateOf(state, purpose, outdated), key: purpose };
  if (channel) return onChannel(state, purpose, channel, outdated);
  return anyChannel(state, purpose, channels, outdated);
}

/** The record's state, `outdated` for a `given` one made within one of the windows. */
function stateOf(state: State, key: string, outdated: Windows): EffectiveConsent | undefined {
  const s = state.consents[key];
  if (s !== 'given' || !outdated || outdated.length === 0) return s;
  const at = state.consentRecordedAt?.[key];
  return at !== undefined && isOutdated(toDate(at).getTime(), outdated) ? 'outdated' : s;
}

/** Whether a record made at `ms` falls within one of the windows. */
export function isOutdated(ms: number, windows: readonly OutdatedWindow[]): boolean {
  return windows.some((w) => (w.from === null || ms >= w.from) && ms < w.to);
}

function onChannel(state: State, purpose: string, channel: string, outdated: Windows): ResolvedConsent {
  const own = consentKey(purpose, channel);
  const s = stateOf(state, own, outdated);
  return s !== undefined
    ? { state: s, key: own }
    : { state: stateOf(state, purpose, outdated), key: purpose };
}

/** Since when the answering `given` record has held without a break; null when unknown. */
export function consentSince(
  state: Pick<SubjectState, 'consentSince'>,
  resolved: ResolvedConsent,
): Date | null {
  const since = resolved.key === undefined ? undefined : state.consentSince?.[resolved.key];
  return since === undefined ? null : toDate(since);
}

// Given on one of its channels: the earliest run that still holds answers; else outdated,
// withdrawn, or refused, on one of them (in that order).
function anyChannel(
  state: State,
  purpose: string,
  channels: readonly string[],
  outdated: Windows,
): ResolvedConsent {
  let given: ResolvedConsent | undefined;
  let givenAt = Number.POSITIVE_INFINITY;
  let old: ResolvedConsent | undefined;
  let withdrawn: ResolvedConsent | undefined;
  let refused: ResolvedConsent | undefined;
  for (const channel of channels) {
    const r = onChannel(state, purpose, channel, outdated);
    if (r.state === 'outdated') old ??= r;
    else if (r.state === 'withdrawn') withdrawn ??= r;
    else if (r.state === 'refused') refused ??= r;
    else if (r.state === 'given') {
      const at = sinceMs(state, r.key as string);
      if (given === undefined || at < givenAt) {
        given = r;
        givenAt = at;
      }
    }
  }
  return given ?? old ?? withdrawn ?? refused ?? { state: undefined, key: undefined };
}

function sinceMs(state: State, key: string): number {
  const raw = state.consentSince?.[key];
  return raw === undefined ? Number.NEGATIVE_INFINITY : toDate(raw).getTime();
}
