// The consent capability's public functions: consent, objections and restrictions. Routes,
// the GPC hook and decisions call these; every write is audited in its own transaction.
import { randomUUID } from 'node:crypto';
import { auditSubjectChange } from '../audit/store.ts';
import { compilePolicy, consentChannelsOf } from '../decide/compile.ts';
import { channelOfKey, isOutdated, resolveConsent } from '../decide/consent.ts';
import type { ConsentState, ObjectionKind } from '../decide/types.ts';
import { forgetInterests } from '../interests/forget.ts';
import { interestPurpose } from '../interests/sql.ts';
import type { Role } from '../keys/model.ts';
import { actorSeenBy, type Reader } from '../keys/need-to-know.ts';
import type { Queryable } from '../platform/db/index.ts';
import { withinTransaction } from '../platform/db/nested.ts';
import type { Deps } from '../platform/deps.ts';
import { type ErrorCode, GardeError } from '../platform/errors.ts';
import { type Page, type PageRequest, paged } from '../platform/pagination.ts';
import type { Policy } from '../policy/schema.ts';
import { changesSince, outdatedNotice } from '../policy-versions/versions.ts';
import { getSubject } from '../subjects/subjects.ts';
import { type Asked, NOTHING_ASKED, readerWords, type Words, wordsIn } from '../words/words.ts';
import {
  checkConsentTarget,
  checkPurposeRef,
  recordedByController,
  type Source,
  sourceFor,
  truncateIp,
} from './model.ts';
import { consentReceipt } from './receipt.ts';
import {
  CONSENT_HISTORY,
  CONSENT_HISTORY_NEWEST,
  type ConsentEvent,
  insertConsent,
  lockGate,
  recordObjection,
  recordRestriction,
  type StoredState,
  selectConsentHistory,
  selectCurrentConsentIds,
  selectCurrentConsentRecords,
  selectStates,
} from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;
/** Who acted, for the proof; `gpc`: their browser sent Global Privacy Control with the request. */
export type Who = { actor: string; role: Role; userAgent?: string; ip?: string; gpc?: boolean };

function fail(code: ErrorCode, problem: string | null): void {
  if (problem) throw new GardeError(code, problem);
}

export type ConsentInput = {
  purpose: string;
  channel?: string;
  state: ConsentState;
  source?: Source;
  noticeVersion?: string;
  noticeLanguage?: string;
};

/**
 * Records consent given, refused or withdrawn (BK-16, EN-9), effective for the next decision.
 * A purpose-wide record replaces the purpose's channel records (src/decide/consent.ts);
 * `fromGpc` marks a withdrawal the GPC signal made, which withdraws only its own record.
 */
export async function recordConsent(
  d: Ctx,
  subjectId: string,
  input: ConsentInput,
  who: Who,
  fromGpc = false,
): Promise<ConsentEvent> {
  fail('CONSENT_INVALID', checkConsentTarget(d.policy, input.purpose, input.channel));
  const languages = d.policy.policy.languages;
  if (input.noticeLanguage !== undefined && !languages.includes(input.noticeLanguage))
    throw new GardeError('CONSENT_INVALID', `noticeLanguage must be one of: ${languages.join(', ')}`);
  const src = fromGpc ? 'gpc' : sourceFor(d.policy, who.role, input.source);
  if (input.state === 'given' && input.noticeVersion !== undefined)
    refuseOutdatedNotice(d.policy, input.purpose, input.noticeVersion, input.noticeLanguage);
  await getSubject(d, subjectId);
  const event = {
    subjectId,
    purpose: input.purpose,
    channel: input.channel ?? '',
    state: input.state,
    actor: who.actor,
    source: src,
    noticeVersion: input.noticeVersion ?? d.policy.policy.version,
    noticeLanguage: input.noticeLanguage ?? null,
    recordedAt: d.now(),
    userAgent: who.userAgent?.slice(0, 512) ?? null,
    ipPrefix: truncateIp(who.ip),
    gpc: fromGpc || who.gpc === true,
  };
  return d.db.transaction(async (tx) => {
    const id = await insertConsent(tx, event, !fromGpc);
    // A consent given never ends profiling: only a withdrawal or refusal needs the state read.
    if (event.state !== 'given' && event.purpose === interestPurpose(d.policy))
      await forgetUnlessProfiled(d, tx, subjectId, event.purpose);
    const change = { purpose: event.purpose, channel: event.channel, state: event.state, source: src };
    await auditSubjectChange(
      tx,
      d.sealer,
      { actor: who.actor, action: `consent.${event.state}`, subjectId, change },
      event.recordedAt,
    );
    return { id, ...event };
  });
}

/**
 * Issue 17: consent given on a notice whose purpose the policy has since widened (a page opened
 * before the server restarted on a new policy, a paper form keyed in later, a process still on
 * the older policy) would count for more than the person was told: refused with 409
 * NOTICE_OUTDATED, naming the notice in force and what changed, in the notice's language, so the
 * page shows the new notice and asks again. Nothing is recorded.
 */
function refuseOutdatedNotice(
  policy: Policy,
  purpose: string,
  noticeVersion: string,
  noticeLanguage: string | undefined,
): void {
  let w: Words | undefined;
  const words = () => {
    w ??= noticeLanguage === undefined ? readerWords(policy) : wordsIn(policy, noticeLanguage);
    return w;
  };
  const old = outdatedNotice(policy, purpose, noticeVersion, words);
  if (!old) return;
  throw new GardeError(
    'NOTICE_OUTDATED',
    `noticeVersion: the notice ${old.version} is no longer in force: the notice ${policy.policy.version} changed this purpose (${old.changes.join('; ')}); show it and ask again`,
    { noticeVersion: policy.policy.version, changes: old.changes, language: words().language },
  );
}

/**
 * BK-16: withdraws a purpose the person holds, once: a withdrawal reported twice (two clicks, a
 * retry) or one of a purpose not given records nothing. Read and write under the gate lock, so
 * two at once cannot both see it given. Returns how many ledger records it made (0 or 1).
 */
export async function withdrawIfGiven(d: Ctx, subjectId: string, purpose: string, who: Who): Promise<number> {
  return d.db.transaction(async (tx) => {
    await lockGate(tx);
    const state = (await selectStates(tx, [subjectId])).get(subjectId);
    if (!state) throw new GardeError('SUBJECT_NOT_FOUND');
    if (resolveConsent(state, purpose, undefined, consentChannelsOf(d.policy, purpose)).state !== 'given')
      return 0;
    await recordConsent(
      { ...d, db: withinTransaction(tx, d.db.backend) },
      subjectId,
      { purpose, state: 'withdrawn' },
      who,
    );
    return 1;
  });
}

/** BK-4: once the profiling consent no longer holds on any channel, the scores go at once. */
async function forgetUnlessProfiled(
  d: Ctx,
  tx: Queryable,
  subjectId: string,
  purpose: string,
): Promise<void> {
  const state = (await selectStates(tx, [subjectId])).get(subjectId);
  const channels = consentChannelsOf(d.policy, purpose);
  // A consent a policy change outdated no longer allows profiling either (issue 17).
  const outdated = compilePolicy(d.policy).outdatedConsents.get(purpose);
  if (state && resolveConsent(state, purpose, undefined, channels, outdated).state !== 'given')
    await forgetInterests(tx, subjectId);
}

export type ConsentOverview = {
  purpose: string;
  channel: string;
  state: ConsentState | 'not-asked';
  explicit: boolean;
  /** Since when a consent given has held (ISO 8601). */
  since?: string;
  /** The record was made while the browser sent Global Privacy Control. */
  underGpc?: boolean;
  /** When the current answer was recorded, and through what (absent when not asked). */
  recordedAt?: string;
  source?: Source;
  /**
   * Issue 17: a `given` record made under an earlier policy that has since widened the purpose:
   * it no longer counts (decide(): consent.outdated) until given again; `changes` says what
   * changed, in plain words, in the reader's language.
   */
  outdated?: true;
  changes?: string[];
};

/**
 * Every consent-based purpose of the policy with the subject's current answer: the purpose-wide
 * record (channel "") and each channel's own record, exactly the records decide() reads.
 */
export async function consentOverview(
  d: Ctx,
  subjectId: string,
  asked: Asked = NOTHING_ASKED,
): Promise<ConsentOverview[]> {
  const state = await subjectState(d, subjectId);
  const windows = compilePolicy(d.policy).outdatedConsents;
  let words: Words | undefined;
  const records = await selectCurrentConsentRecords(d.db, subjectId);
  const out: ConsentOverview[] = [];
  for (const p of d.policy.purposes) {
    if (p.legalBasis !== 'consent') continue;
    const explicit = p.consent?.explicit ?? false;
    const keys = Object.keys(state.consents).filter((k) => k !== p.id && channelOfKey(p.id, k) !== null);
    for (const key of [p.id, ...keys.sort()]) {
      const value = state.consents[key];
      if (key !== p.id && value === undefined) continue;
      const since = state.consentSince?.[key];
      const record = records.get(key);
      const w = windows.get(p.id);
      const old =
        value === 'given' && record && w !== undefined && isOutdated(record.recordedAt.getTime(), w);
      if (old) words ??= readerWords(d.policy, asked);
      out.push({
        purpose: p.id,
        channel: channelOfKey(p.id, key) ?? '',
        state: value ?? 'not-asked',
        explicit,
        ...(since ? { since: new Date(since).toISOString() } : {}),
        ...(state.underGpc.has(key) ? { underGpc: true } : {}),
        ...(record ? { recordedAt: record.recordedAt.toISOString(), source: record.source } : {}),
        ...(old && record && words
          ? { outdated: true as const, changes: changesSince(d.policy, p.id, record.recordedAt, words) }
          : {}),
      });
    }
  }
  return out;
}

/** The whole ledger of the subject, oldest first (the consent receipt reads it all). */
export async function consentLedger(d: Ctx, subjectId: string): Promise<ConsentEvent[]> {
  await getSubject(d, subjectId);
  return (await selectConsentHistory(d.db, subjectId)).map((r) => r.item);
}

/** One page of the ledger, oldest first unless `newestFirst` (the privacy page shows the latest first). */
export async function consentHistory(
  d: Ctx,
  subjectId: string,
  req: PageRequest & { newestFirst?: boolean },
): Promise<Page<ConsentEvent>> {
  await getSubject(d, subjectId);
  const newest = req.newestFirst === true;
  const list = newest ? CONSENT_HISTORY_NEWEST : CONSENT_HISTORY;
  return paged({ sealer: d.sealer, scope: subjectId }, list, req, (after, limit) =>
    selectConsentHistory(d.db, subjectId, after, limit, newest),
  );
}

/**
 * A ledger entry as `role` may read it. The person sees their own proof whole; of a choice the
 * controller wrote down for them (staff, another system) they see that it was the controller,
 * not which key acted nor the workstation's browser and network (BK-13: need to know).
 */
export function consentEventSeenBy(policy: Policy, reader: Reader, e: ConsentEvent): ConsentEvent {
  const actor = actorSeenBy(reader, e.actor);
  if (reader.role !== 'customer' || !recordedByController(policy, e.source)) return { ...e, actor };
  return { ...e, actor, userAgent: null, ipPrefix: null };
}

/** ISO/IEC TS 27560 records of what is enforced now, each with its earlier versions; a new receipt id each time. */
export async function consentReceiptOf(d: Ctx, subjectId: string) {
  const history = await consentLedger(d, subjectId);
  const current = await selectCurrentConsentIds(d.db, subjectId);
  return consentReceipt(d.policy, subjectId, history, current, d.now(), randomUUID());
}

/**
 * Raises or lifts an objection (Art. 21); one to profiling also forgets the interests derived.
 * Returns when it was recorded, or null when it changed nothing (already so).
 */
export async function changeObjection(
  d: Ctx,
  subjectId: string,
  input: { kind: ObjectionKind; purpose?: string; action: 'raise' | 'lift'; source?: Source },
  who: Who,
  fromGpc = false,
): Promise<Date | null> {
  fail('OBJECTION_INVALID', checkPurposeRef(d.policy, input.purpose));
  const src = fromGpc ? 'gpc' : sourceFor(d.policy, who.role, input.source);
  await getSubject(d, subjectId);
  const recordedAt = d.now();
  return d.db.transaction(async (tx) => {
    const raise = input.action === 'raise';
    const changed = await recordObjection(tx, {
      subjectId,
      kind: input.kind,
      purpose: input.purpose ?? '',
      raise,
      actor: who.actor,
      source: src,
      recordedAt,
      gpc: fromGpc || who.gpc === true,
    });
    const profiling = input.purpose === undefined || input.purpose === interestPurpose(d.policy);
    if (changed && raise && input.kind === 'profiling' && profiling) await forgetInterests(tx, subjectId);
    if (changed) {
      const change = { kind: input.kind, purpose: input.purpose ?? null, source: src };
      await auditSubjectChange(
        tx,
        d.sealer,
        { actor: who.actor, action: `objection.${raise ? 'raise' : 'lift'}`, subjectId, change },
        recordedAt,
      );
    }
    return changed ? recordedAt : null;
  });
}

/**
 * Imposes or lifts a restriction (Art. 18). Returns when it was recorded, or null when it changed
 * nothing (already so).
 */
export async function changeRestriction(
  d: Ctx,
  subjectId: string,
  input: { purpose?: string; action: 'impose' | 'lift'; reason: string; source?: Source },
  who: Who,
): Promise<Date | null> {
  fail('RESTRICTION_INVALID', checkPurposeRef(d.policy, input.purpose));
  const src = sourceFor(d.policy, who.role, input.source);
  await getSubject(d, subjectId);
  const recordedAt = d.now();
  return d.db.transaction(async (tx) => {
    const impose = input.action === 'impose';
    const changed = await recordRestriction(tx, {
      subjectId,
      purpose: input.purpose ?? '',
      reason: input.reason,
      impose,
      actor: who.actor,
      source: src,
      recordedAt,
    });
    if (changed && impose && (input.purpose === undefined || input.purpose === interestPurpose(d.policy)))
      await forgetInterests(tx, subjectId);
    if (changed) {
      const change = { purpose: input.purpose ?? null, reason: input.reason, source: src };
      await auditSubjectChange(
        tx,
        d.sealer,
        { actor: who.actor, action: `restriction.${input.action}`, subjectId, change },
        recordedAt,
      );
    }
    return changed ? recordedAt : null;
  });
}

export type FullState = StoredState;

/** `db` may be a transaction, so a gate can decide inside the statement sequence that acts. */
export async function subjectState(d: { db: Queryable }, subjectId: string): Promise<FullState> {
  const state = (await selectStates(d.db, [subjectId])).get(subjectId);
  if (!state) throw new GardeError('SUBJECT_NOT_FOUND');
  return state;
}

/** The states of many subjects at once (decisions in bulk); unknown ids are absent. */
export function subjectStates(
  d: Pick<Deps, 'db'>,
  ids: readonly string[],
  opts: { history?: boolean } = {},
): Promise<Map<string, FullState>> {
  return selectStates(d.db, ids, opts);
}
