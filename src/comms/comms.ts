// The communications capability: every message goes through decide() for its purpose, class,
// channel and sender, and every counted one reserves a cap slot in the same transaction as its
// ledger entry. A refusal names its reasons; the cap's overrides are recorded and audited.
import { subjectState } from '../consent/consent.ts';
import { decide } from '../decide/decide.ts';
import { explain, type ReasonCode } from '../decide/reasons.ts';
import type { Queryable } from '../platform/db/index.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Page, type PageRequest, paged } from '../platform/pagination.ts';
import { getSubject } from '../subjects/subjects.ts';
import { readerWords, type Words } from '../words/words.ts';
import { type ContactOutcome, contactChannels, contactRef } from './contacts.ts';
import {
  countsTowardCap,
  ledgerWindow,
  messageClass,
  nextRollingSlot,
  rollingStart,
  rollingWindowOf,
  UNCAPPED_WINDOW,
} from './model.ts';
import {
  COMMUNICATIONS,
  type Communication,
  lockCapHolders,
  overrideCapSlot,
  recordSend,
  selectCapUsed,
  selectCommunications,
  selectRollingSent,
  selectSharedMailboxUsed,
} from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

export type SendInput = {
  subjectId: string;
  purpose: string;
  channel: string;
  messageClass: string;
  sender?: string;
  domain?: string;
  /** BK-8: for a class that rests on a subscription, which one. */
  subscription?: string;
  identifiedSession?: boolean;
  contentRef: string;
  /** Target mode only: exceed the cap on purpose, saying why (BK-7). */
  override?: { reason: string };
};

const reasonsOf = (codes: readonly ReasonCode[], words: Words) =>
  codes.map((code) => ({ code, text: explain(code, words) }));

function communications(d: Ctx) {
  const comms = d.policy.communications;
  if (!comms) throw new GardeError('FEATURE_NOT_DECLARED', 'The policy in force declares no communications');
  return comms;
}

/**
 * Issue 15, BK-12: logs a contact an agent made with the person, in person or by phone, as one
 * message of the ledger (sendMessage): refused when the policy does not allow it (the contact
 * check said so beforehand), counted toward the cap when its class counts (BK-7), audited under
 * `actor`. The outcome is a code in `contentRef` (`contact:declined`), never free text.
 * 422 CONTACT_CHANNEL_NOT_SPOKEN for a channel not addressed in person or by phone.
 */
export async function logContact(
  d: Ctx,
  input: Omit<SendInput, 'contentRef' | 'subscription' | 'identifiedSession'> & { outcome: ContactOutcome },
  actor: string,
  words: Words = readerWords(d.policy),
): Promise<Communication> {
  communications(d);
  if (!contactChannels(d.policy).some((c) => c.id === input.channel))
    throw new GardeError(
      'CONTACT_CHANNEL_NOT_SPOKEN',
      `channel "${input.channel}" is not spoken: in person or by phone`,
    );
  const { outcome, ...message } = input;
  return sendMessage(d, { ...message, contentRef: contactRef(outcome) }, actor, words);
}

/** Sends one message; a refusal's reasons are in `words`' language (the problem says which). */
export async function sendMessage(
  d: Ctx,
  input: SendInput,
  actor: string,
  words: Words = readerWords(d.policy),
): Promise<Communication> {
  const comms = communications(d);
  const now = d.now();
  const cls = messageClass(d.policy, input.messageClass);
  const counted = countsTowardCap(d.policy, input.messageClass);
  if (input.override && !comms.cap)
    throw new GardeError('OVERRIDE_NOT_ALLOWED', 'The policy states no cap: there is nothing to override');
  if (input.override && comms.cap?.mode === 'strict') throw new GardeError('OVERRIDE_NOT_ALLOWED');
  const window = ledgerWindow(d.policy, now);
  // BK-7: a rolling window counts the ledger since its start, under the person's lock.
  const rollingWindow = comms.cap ? rollingWindowOf(comms.cap) : null;
  const rolling = counted && rollingWindow ? { after: rollingStart(rollingWindow, now) } : undefined;
  // Decided inside the transaction that sends, under the gate lock that consent changes take
  // exclusively: a withdrawal committed before this point is seen, a later one waits.
  return d.db.transaction(
    async (tx) => {
      if (rolling) await lockCapHolders(tx, [input.subjectId]);
      const state = await subjectState({ db: tx }, input.subjectId);
      const decision = decide(d.policy, state, { ...input, action: 'contact' }, now);
      if (!decision.allow) {
        throw new GardeError('SEND_REFUSED', explain(decision.reasons[0] as ReasonCode, words), {
          reasons: reasonsOf(decision.reasons, words),
          language: words.language,
        });
      }
      const entry = {
        subjectId: input.subjectId,
        purpose: input.purpose,
        channel: input.channel,
        messageClass: input.messageClass,
        commercial: cls?.commercial ?? true,
        counted,
        windowKey: window,
        sender: input.sender ?? null,
        subscription: input.subscription ?? null,
        contentRef: input.contentRef,
        actor,
        sentAt: now,
      };
      const digest = d.sealer.digest({ ...entry, overrideId: null, override: null });
      const room =
        counted && comms.cap
          ? comms.cap.max - (await sharedMailboxUsed(d, tx, input, rolling ?? window))
          : null;
      const id =
        room !== null && room <= 0
          ? null
          : await recordSend(
              tx,
              { ...entry, overrideId: null },
              room,
              { action: 'communication.send', digest },
              rolling,
            );
      if (id !== null) return { id, ...entry, overrideId: null };
      if (!input.override) {
        throw new GardeError('CAP_REACHED', explain('cap.reached', words), {
          reasons: reasonsOf(['cap.reached'], words),
          language: words.language,
          ...(rolling && rollingWindow
            ? await rollingFull(d, tx, input, rollingWindow, rolling.after)
            : { window }),
        });
      }
      // BK-7 target mode: over the cap on purpose, recorded with who and why.
      const overrideId = await overrideCapSlot(
        tx,
        input.subjectId,
        window,
        actor,
        input.override.reason,
        now,
        rolling !== undefined,
      );
      const over = { ...entry, overrideId };
      const overDigest = d.sealer.digest({ ...over, override: input.override });
      const overId = await recordSend(tx, over, null, {
        action: 'communication.override',
        digest: overDigest,
      });
      return { id: overId as number, ...over };
    },
    { sharedLock: LOCKS.gate },
  );
}

/**
 * One mailbox, one person: on an e-mail channel, what others at the same address already
 * received in the window counts too (only where addresses were shared before they were unique).
 */
async function sharedMailboxUsed(
  d: Ctx,
  db: Queryable,
  input: { subjectId: string; channel: string },
  window: string | { after: Date },
): Promise<number> {
  return isMailbox(d, input.channel) ? selectSharedMailboxUsed(db, input.subjectId, window) : 0;
}

function isMailbox(d: Ctx, channel: string): boolean {
  return d.policy.communications?.channels.find((c) => c.id === channel)?.address === 'email';
}

/**
 * BK-7, rolling window: what a full window says: its length (it ends now), where it starts, how
 * many counted messages are in it and when the next slot frees up.
 */
async function rollingFull(
  d: Ctx,
  db: Queryable,
  input: { subjectId: string; channel: string },
  rollingWindow: string,
  after: Date,
): Promise<{ window: string; windowStart: string; used: number; nextSlotAt: string | null }> {
  const sent = await selectRollingSent(db, input.subjectId, after, isMailbox(d, input.channel));
  const next = nextRollingSlot(rollingWindow, d.policy.communications?.cap?.max ?? 0, sent);
  return {
    window: rollingWindow,
    windowStart: after.toISOString(),
    used: sent.length,
    nextSlotAt: next ? next.toISOString() : null,
  };
}

export type ContactCheck = {
  allow: boolean;
  reasons: { code: ReasonCode; text: string }[];
  /**
   * null: the policy states no cap. `window` is a calendar window's key (2026-06), or a rolling
   * window's length (P30D), which then ends now and says where it starts and when a slot frees.
   */
  cap: {
    window: string;
    used: number;
    max: number;
    mode: 'strict' | 'target';
    windowStart?: string;
    nextSlotAt?: string | null;
  } | null;
};

/** BK-12: before a one-to-one contact, the agent sees whether a proposal is allowed today. */
export async function checkContact(
  d: Ctx,
  input: Omit<SendInput, 'contentRef' | 'override' | 'messageClass'> & { messageClass?: string },
  words: Words = readerWords(d.policy),
): Promise<ContactCheck> {
  const comms = communications(d);
  const now = d.now();
  const state = await subjectState(d, input.subjectId);
  const decision = decide(d.policy, state, { ...input, action: 'contact' }, now);
  const cap = comms.cap;
  // No cap stated: nothing is counted, so nothing is full.
  if (!cap) return { allow: decision.allow, reasons: reasonsOf(decision.reasons, words), cap: null };
  const rollingWindow = rollingWindowOf(cap);
  const window = ledgerWindow(d.policy, now);
  const counts = rollingWindow
    ? await rollingFull(d, d.db, input, rollingWindow, rollingStart(rollingWindow, now))
    : {
        window,
        used:
          (await selectCapUsed(d.db, input.subjectId, window)) +
          (await sharedMailboxUsed(d, d.db, input, window)),
      };
  const full = countsTowardCap(d.policy, input.messageClass) && counts.used >= cap.max;
  const reasons: ReasonCode[] = full
    ? [...(decision.allow ? [] : decision.reasons), 'cap.reached']
    : decision.reasons;
  return {
    allow: decision.allow && !full,
    reasons: reasonsOf(reasons, words),
    cap: { ...counts, max: cap.max, mode: cap.mode },
  };
}

export async function listCommunications(
  d: Pick<Deps, 'db' | 'sealer'>,
  subjectId: string,
  req: PageRequest,
): Promise<Page<Communication>> {
  await getSubject(d, subjectId);
  return paged({ sealer: d.sealer, scope: subjectId }, COMMUNICATIONS, req, (after, limit) =>
    selectCommunications(d.db, subjectId, after, limit),
  );
}

/**
 * BK-7, for the person: the window their commercial messages are counted in now and, when the
 * policy states a cap, how many of its slots their own messages took and how many remain. Only
 * their own ledger: what others at a shared mailbox received is theirs, not this person's.
 * null: the policy declares no communications.
 */
export type MessagesStanding = {
  window: 'calendar-month' | 'calendar-year' | 'rolling';
  /** A calendar window's key (2026-06, 2026): the ledger entries of the window carry it. */
  windowKey: string | null;
  /** A rolling window's length (P30D) and where it starts: it ends now. */
  rollingWindow: string | null;
  windowStart: string | null;
  cap: { max: number; used: number; remaining: number; mode: 'strict' | 'target' } | null;
};

export async function messagesStanding(
  d: Pick<Deps, 'db' | 'policy' | 'now'>,
  subjectId: string,
): Promise<MessagesStanding | null> {
  const comms = d.policy.communications;
  if (!comms) return null;
  const now = d.now();
  const cap = comms.cap;
  const rollingWindow = cap ? rollingWindowOf(cap) : null;
  if (cap && rollingWindow) {
    const after = rollingStart(rollingWindow, now);
    const used = (await selectRollingSent(d.db, subjectId, after, false)).length;
    return {
      window: 'rolling',
      windowKey: null,
      rollingWindow,
      windowStart: after.toISOString(),
      cap: { max: cap.max, used, remaining: Math.max(0, cap.max - used), mode: cap.mode },
    };
  }
  const windowKey = ledgerWindow(d.policy, now);
  const used = cap ? await selectCapUsed(d.db, subjectId, windowKey) : 0;
  return {
    window: cap ? (cap.window as 'calendar-month' | 'calendar-year') : UNCAPPED_WINDOW.window,
    windowKey,
    rollingWindow: null,
    windowStart: null,
    cap: cap ? { max: cap.max, used, remaining: Math.max(0, cap.max - used), mode: cap.mode } : null,
  };
}
