// Data-subject requests from receipt to verification, extension or rejection (EN-11, EN-12):
// deadlines, the DPO's queue, partner routing (EN-2). Carrying them out is fulfil.ts; the
// reports are reports.ts; holds are holds.ts. Every change is audited.
import { appendAudit } from '../audit/store.ts';
import type { Who } from '../consent/consent.ts';
import { actorSeenBy, mayKnow, type Reader } from '../keys/need-to-know.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Page, type PageRequest, paged } from '../platform/pagination.ts';
import { addDuration } from '../policy/duration.ts';
import { channelsTaking, portalChannel } from '../policy/rights-defaults.ts';
import type { Subject } from '../subjects/model.ts';
import { selectSubject } from '../subjects/store.ts';
import { getSubject } from '../subjects/subjects.ts';
import { type Asked, languageForPerson, NOTHING_ASKED, wordsIn } from '../words/words.ts';
import { refuseUnconfirmedImpact } from './contract-impact.ts';
import {
  canMove,
  dueAfterPause,
  dueDate,
  dueWindow,
  extension,
  type IdentityProof,
  needsProof,
  type PauseReason,
  pausable,
  portalVerification,
  type RightKind,
  resumedStatus,
  type Urgency,
  type UrgencyFilter,
  urgency,
  verifyProof,
} from './model.ts';
import { forgetStepKeys, type RequestStep, selectSteps } from './steps.ts';
import {
  countRequests,
  type Delivery,
  insertEvent,
  insertRequest,
  type QueueFilter,
  REQUESTS,
  type RequestEvent,
  type RightsRequest,
  selectDeliveries,
  selectEvents,
  selectRequest,
  selectRequests,
  updateRequest,
} from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

/** Due soon: within this of now. */
export const DUE_SOON = 'P7D';

export type RequestView = RightsRequest & { urgency: Urgency };
export const view = (r: RightsRequest, now: Date): RequestView => ({
  ...r,
  urgency: urgency(r, now, DUE_SOON),
});

/** A stable pseudonym per subject: the consent proof stays provable by whoever holds the key. */
export function pseudonymOf(d: Pick<Deps, 'sealer'>, subjectId: string): string {
  const h = d.sealer.digest({ pseudonym: subjectId });
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type NewRequest = {
  subjectId: string;
  kind: RightKind;
  channel?: string;
  receivedAt?: string;
  details?: Record<string, unknown>;
  /** EN-13: the person read `contractImpact` and confirms (their own request, from the privacy page). */
  confirmContractImpact?: boolean;
};

export async function createRequest(
  d: Ctx,
  input: NewRequest,
  who: Who & { portal: boolean },
  /** The language of a contract impact the person is told of (EN-13). */
  asked: Asked = NOTHING_ASKED,
): Promise<RequestView> {
  const rights = d.policy.rights;
  if (!rights.supported.includes(input.kind))
    throw new GardeError('RIGHTS_INVALID', `this policy does not offer the right "${input.kind}"`);
  // The portal is the channel that needs no proof: its login is the verification.
  const portal = portalChannel(rights);
  const channel = who.portal ? portal : input.channel;
  if (!channel || !rights.channels.some((c) => c.id === channel))
    throw new GardeError(
      'RIGHTS_INVALID',
      `channel must be one of: ${rights.channels.map((c) => c.id).join(', ')}`,
    );
  // RT-40: a right goes through the channels the notice names for it; refused before anything is stored.
  const taking = channelsTaking(rights, input.kind);
  if (!taking.includes(channel))
    throw new GardeError(
      'RIGHT_NOT_ON_CHANNEL',
      `the right "${input.kind}" is not exercised through the channel "${channel}": use ${taking.join(' or ')}`,
      { allowed: taking },
    );
  checkDetails(d, input.kind, input.details ?? {});
  const subject = await getSubject(d, input.subjectId);
  // EN-13: the person asking for themselves is told what the right does to their contract, and
  // nothing is recorded until they confirm it. A letter's request is told when it is fulfilled.
  if (who.portal && !input.confirmContractImpact)
    refuseUnconfirmedImpact(d, subject, input.kind, input.details ?? {}, asked);
  const now = d.now();
  const receivedAt = input.receivedAt && !who.portal ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime())
    throw new GardeError('RIGHTS_INVALID', 'receivedAt cannot be in the future');
  // EN-2: data we hold for a partner controller: the request goes to that controller.
  const partner =
    subject.controller === 'self'
      ? undefined
      : d.policy.partnerControllers?.find((p) => p.id === subject.controller);
  const verified = who.portal || !needsProof(d.policy, channel);
  const status = partner ? 'routed' : verified ? 'verified' : 'received';
  return d.db.transaction(async (tx) => {
    const r = await insertRequest(tx, {
      subjectId: subject.id,
      subjectPseudonym: pseudonymOf(d, subject.id),
      kind: input.kind,
      channel,
      status,
      receivedAt,
      dueAt: dueDate(d.policy, receivedAt),
      verification: verified && !partner ? portalVerification(now) : null,
      routedTo: partner?.id ?? (subject.controller === 'self' ? null : subject.controller),
      details: input.details ?? {},
      closedAt: partner ? now : null,
      createdBy: who.actor,
    });
    await insertEvent(tx, r.id, {
      status,
      // A request staff record after it arrived says when it did: its deadline runs from then.
      note: partner
        ? `routed to ${partner.name}`
        : receivedAt.getTime() < now.getTime()
          ? `received ${receivedAt.toISOString()} by ${channel}`
          : null,
      actor: who.actor,
      at: now,
    });
    await appendAudit(
      tx,
      {
        actor: who.actor,
        action: `rights.${status}`,
        subjectId: subject.id,
        changeDigest: digestOf({ id: r.id, kind: r.kind }),
      },
      now,
    );
    return view(r, now);
  });
}

function checkDetails(d: Ctx, kind: RightKind, details: Record<string, unknown>): void {
  const purpose = details.purpose;
  if (purpose !== undefined && !d.policy.purposes.some((p) => p.id === purpose))
    throw new GardeError('RIGHTS_INVALID', `details.purpose "${String(purpose)}" is not in the policy`);
  if (kind === 'withdraw-consent' && typeof purpose !== 'string')
    throw new GardeError('RIGHTS_INVALID', 'a consent withdrawal names details.purpose');
  if (
    kind === 'objection' &&
    !['direct-marketing', 'profiling', 'legitimate-interest'].includes(String(details.objection))
  )
    throw new GardeError(
      'RIGHTS_INVALID',
      'an objection names details.objection: direct-marketing, profiling or legitimate-interest',
    );
}

/**
 * The person a request is about. Read after the request, the person may have been erased in
 * between (by this request, fulfilled by another operator, or by another request that closed this
 * one): the request's new state is then the answer (409 REQUEST_STATE), not 404 SUBJECT_NOT_FOUND.
 */
export async function personOf(d: Pick<Deps, 'db'>, r: RightsRequest): Promise<Subject> {
  const s = r.subjectId ? await selectSubject(d.db, r.subjectId) : null;
  if (s) return s;
  const now = await selectRequest(d.db, r.id);
  if (now && now.status !== r.status) throw new GardeError('REQUEST_STATE', `the request is ${now.status}`);
  throw new GardeError('SUBJECT_NOT_FOUND');
}

export async function loadRequest(d: Pick<Deps, 'db'>, id: string): Promise<RightsRequest> {
  const r = await selectRequest(d.db, id);
  if (!r) throw new GardeError('REQUEST_NOT_FOUND');
  return r;
}

export async function getRequest(
  d: Ctx,
  id: string,
): Promise<RequestView & { history: RequestEvent[]; deliveries: Delivery[]; steps: RequestStep[] }> {
  const r = await loadRequest(d, id);
  return {
    ...view(r, d.now()),
    history: await selectEvents(d.db, id),
    steps: await selectSteps(d.db, id),
    deliveries: await selectDeliveries(d.db, id),
  };
}

/**
 * A subject's requests, or the DPO queue, filtered in SQL and read one page at a time by due
 * date then id (keyset: fast at any depth). `urgency` is a group of model.ts urgency(), `open`
 * (every open request, the default of the queue) or `all`.
 */
export async function listRequests(
  d: Ctx,
  f: QueueFilter & { urgency?: UrgencyFilter } & PageRequest,
): Promise<Page<RequestView>> {
  const now = d.now();
  const { urgency: group, after, limit, ...rest } = f;
  const where = { ...rest, ...dueWindow(group, now, DUE_SOON) };
  // A cursor is a position (due date, id): under other filters it still starts after that row.
  const page = await paged({ sealer: d.sealer, scope: rest.subjectId }, REQUESTS, { after, limit }, (a, l) =>
    selectRequests(d.db, where, a, l),
  );
  return { items: page.items.map((r) => view(r, now)), next: page.next };
}

/** The queue's header: how many requests each urgency group holds under the same filters, in one query. */
export async function countQueue(d: Ctx, f: QueueFilter): Promise<Record<Urgency, number>> {
  const now = d.now();
  return countRequests(d.db, f, now, addDuration(now, DUE_SOON));
}

/** One change of a request under its row lock: concurrent operators cannot both act. */
async function change<T>(
  d: Ctx,
  id: string,
  fn: (r: RightsRequest, tx: Parameters<Parameters<Ctx['db']['transaction']>[0]>[0]) => Promise<T>,
): Promise<T> {
  return d.db.transaction(async (tx) => {
    const r = await selectRequest(tx, id, true);
    if (!r) throw new GardeError('REQUEST_NOT_FOUND');
    return fn(r, tx);
  });
}

/**
 * Checks the identity against what the operator read off a document (EN-12): only the outcome,
 * the document's kind and the names of the fields compared and redacted are kept. A request
 * paused for the proof resumes with it, its deadline moved by the time paused.
 */
export async function verifyRequest(
  d: Ctx,
  id: string,
  proof: IdentityProof,
  actor: string,
): Promise<RequestView> {
  const now = d.now();
  const r0 = await loadRequest(d, id);
  if (!waitsForIdentity(r0))
    throw new GardeError('REQUEST_STATE', `the request is ${r0.status}: only a received request is verified`);
  const subject = await personOf(d, r0);
  // Only the outcome and the names of the compared fields are kept: the proof itself is not.
  const v = verifyProof(subject.identity, proof, now);
  return change(d, id, async (r, tx) => {
    if (!waitsForIdentity(r)) throw new GardeError('REQUEST_STATE', `the request is ${r.status}`);
    const verified = v.outcome === 'verified';
    // Only a pause that waited for this proof ends with it; a pause for clarification waits
    // for the person's answer and is resumed by staff (resumeRequest), verified or not.
    const resumes = r.status === 'paused' && r.pauseReason === 'identity-proof' && r.pausedAt && verified;
    const next = verified && (r.status !== 'paused' || resumes) ? 'verified' : r.status;
    const out = await updateRequest(
      tx,
      id,
      {
        status: next,
        verification: v,
        ...(resumes && r.pausedAt
          ? { dueAt: dueAfterPause(r.dueAt, r.pausedAt, now), pausedAt: null, pauseReason: null }
          : {}),
      },
      { status: next, note: `identity ${v.outcome}`, actor, at: now },
    );
    await appendAudit(
      tx,
      { actor, action: `rights.verify.${v.outcome}`, subjectId: r.subjectId, changeDigest: digestOf(v) },
      now,
    );
    return view(out, now);
  });
}

/** Received, or paused before its identity was proven. */
const waitsForIdentity = (r: RightsRequest) =>
  r.status === 'received' || (r.status === 'paused' && r.verification?.outcome !== 'verified');

/** The words of what the person of a request is told: in their language unless another is asked for. */
async function wordsForPerson(d: Ctx, id: string, asked: Asked) {
  const r = await loadRequest(d, id);
  const recorded = r.subjectId ? (await personOf(d, r)).identity.language : null;
  return wordsIn(d.policy, languageForPerson(d.policy, asked, recorded));
}

/** Extends the deadline; `notice` is what the subject is told, in their language unless another is asked for. */
export async function extendRequest(
  d: Ctx,
  id: string,
  reason: string,
  actor: string,
  asked: Asked = NOTHING_ASKED,
): Promise<RequestView & { notice: string; language: string }> {
  const now = d.now();
  const words = await wordsForPerson(d, id, asked);
  return change(d, id, async (r, tx) => {
    const ext = extension(d.policy, r, now);
    if ('problem' in ext) throw new GardeError('REQUEST_STATE', `cannot extend: ${ext.problem}`);
    const out = await updateRequest(
      tx,
      id,
      { dueAt: ext.dueAt, extendedAt: now, extensionReason: reason },
      { status: r.status, note: 'extended', actor, at: now },
    );
    await appendAudit(
      tx,
      { actor, action: 'rights.extend', subjectId: r.subjectId, changeDigest: digestOf({ id, reason }) },
      now,
    );
    // Art. 12(3): the subject is told of the extension and why, within the first month.
    const notice = words.say('rights.extension', {
      right: words.say(`right.${r.kind}`),
      reason,
      date: ext.dueAt.toISOString().slice(0, 10),
    });
    return { ...view(out, now), notice, language: words.language };
  });
}

export async function rejectRequest(d: Ctx, id: string, reason: string, actor: string): Promise<RequestView> {
  const now = d.now();
  return change(d, id, async (r, tx) => {
    if (!canMove(r.status, 'rejected')) throw new GardeError('REQUEST_STATE', `the request is ${r.status}`);
    // Issue 16: a request already carried out in some system is finished, not refused.
    const started = await tx.query(
      "SELECT 1 FROM rights_request_steps WHERE request_id = $1 AND status = 'done' LIMIT 1",
      [id],
    );
    if (started.rows.length > 0)
      throw new GardeError(
        'REQUEST_STATE',
        'the request is being carried out in the systems that hold the data',
      );
    await forgetStepKeys(tx, [id]);
    const out = await updateRequest(
      tx,
      id,
      // A paused request the person never completed is rejected too: its pause ends with it.
      { status: 'rejected', closedAt: now, outcome: { reason }, pausedAt: null, pauseReason: null },
      { status: 'rejected', note: reason, actor, at: now },
    );
    await appendAudit(
      tx,
      { actor, action: 'rights.reject', subjectId: r.subjectId, changeDigest: digestOf({ id, reason }) },
      now,
    );
    return view(out, now);
  });
}

/**
 * Stops the clock while Garde waits for the person (model.ts PAUSE_REASONS, Art. 12(6)): a
 * received or verified request that is not yet late. `notice` is what the person is asked, in
 * their language unless another is asked for.
 */
export async function pauseRequest(
  d: Ctx,
  id: string,
  reason: PauseReason,
  note: string | undefined,
  actor: string,
  asked: Asked = NOTHING_ASKED,
): Promise<RequestView & { notice: string; language: string }> {
  const now = d.now();
  const words = await wordsForPerson(d, id, asked);
  return change(d, id, async (r, tx) => {
    const problem = pausable(r, now);
    if (problem) throw new GardeError('REQUEST_STATE', `cannot pause: ${problem}`);
    const out = await updateRequest(
      tx,
      id,
      { status: 'paused', pausedAt: now, pauseReason: reason },
      { status: 'paused', note: note ? `${reason}: ${note}` : reason, actor, at: now },
    );
    await appendAudit(
      tx,
      { actor, action: 'rights.pause', subjectId: r.subjectId, changeDigest: digestOf({ id, reason }) },
      now,
    );
    const notice = words.say(`rights.pause.${reason}`, { right: words.say(`right.${r.kind}`) });
    return { ...view(out, now), notice, language: words.language };
  });
}

/**
 * Restarts the clock: the deadline moves by the time the request was paused (model.ts
 * dueAfterPause), and the request goes back to received or verified (resumedStatus).
 */
export async function resumeRequest(d: Ctx, id: string, actor: string): Promise<RequestView> {
  const now = d.now();
  return change(d, id, async (r, tx) => {
    if (r.status !== 'paused' || !r.pausedAt)
      throw new GardeError('REQUEST_STATE', `the request is ${r.status}: only a paused request is resumed`);
    const dueAt = dueAfterPause(r.dueAt, r.pausedAt, now);
    const status = resumedStatus(r.verification);
    const out = await updateRequest(
      tx,
      id,
      { status, dueAt, pausedAt: null, pauseReason: null },
      { status, note: `resumed: due ${dueAt.toISOString()}`, actor, at: now },
    );
    await appendAudit(
      tx,
      { actor, action: 'rights.resume', subjectId: r.subjectId, changeDigest: digestOf({ id, dueAt }) },
      now,
    );
    return view(out, now);
  });
}

/**
 * BK-13: a request as its reader may see it, from every route that returns one. Staff who may not
 * know a person's behaviour or profile (src/keys/need-to-know.ts) get an access answer's
 * categories without their record counts; the person sees "controller" for the staff who
 * handled it, never their keys (actorSeenBy).
 */
export function seenBy<
  V extends {
    outcome: unknown;
    createdBy: string;
    history?: { actor: string }[];
    deliveries?: { actor: string }[];
    steps?: { doneBy: string | null; result: Record<string, unknown> | null }[];
  },
>(reader: Reader, view: V): V {
  const shown = {
    ...view,
    createdBy: actorSeenBy(reader, view.createdBy),
    ...(view.history
      ? { history: view.history.map((h) => ({ ...h, actor: actorSeenBy(reader, h.actor) })) }
      : {}),
    ...(view.deliveries
      ? { deliveries: view.deliveries.map((h) => ({ ...h, actor: actorSeenBy(reader, h.actor) })) }
      : {}),
    ...(view.steps
      ? {
          steps: view.steps.map((s) => ({
            ...s,
            doneBy: s.doneBy === null ? null : actorSeenBy(reader, s.doneBy),
            // How many rows each table held says how much behaviour or profile there is.
            ...(mayKnow(reader.role, 'behaviour') ? {} : { result: null }),
          })),
        }
      : {}),
  };
  if (mayKnow(reader.role, 'behaviour')) return shown;
  const outcome = view.outcome as { categories?: { id: string }[] } | null;
  if (!outcome?.categories) return shown;
  return { ...shown, outcome: { ...outcome, categories: outcome.categories.map((c) => ({ id: c.id })) } };
}
