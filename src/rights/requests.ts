// The rights capability: requests from receipt to answer, access reports, portability exports,
// erasure with legal holds, and erasure notices to recipients. Every change is audited.
import { appendAudit } from '../audit/store.ts';
import { changeObjection, changeRestriction, recordConsent, type Who } from '../consent/consent.ts';
import type { ObjectionKind } from '../decide/types.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Tx } from '../platform/db/index.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { addDuration } from '../policy/duration.ts';
import type { Identity } from '../subjects/model.ts';
import { getSubject, updateSubject } from '../subjects/subjects.ts';
import { type AccessReport, accessReport } from './access.ts';
import { collectData, summariseData } from './data.ts';
import { type ErasurePlan, type Hold, planErasure } from './erasure.ts';
import { executeErasure } from './erasure-store.ts';
import {
  canMove,
  dueDate,
  extension,
  type IdentityProof,
  needsProof,
  portalVerification,
  type RightKind,
  type Urgency,
  urgency,
  verifyProof,
} from './model.ts';
import { portabilityZip } from './portability.ts';
import {
  insertHold,
  insertRequest,
  type RequestEvent,
  type RightsRequest,
  releaseHold,
  selectEvents,
  selectHolds,
  selectRequest,
  selectRequests,
  updateRequest,
} from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

/** Due soon: within this of now. */
export const DUE_SOON = 'P7D';

export type RequestView = RightsRequest & { urgency: Urgency };
const view = (r: RightsRequest, now: Date): RequestView => ({ ...r, urgency: urgency(r, now, DUE_SOON) });

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
};

export async function createRequest(
  d: Ctx,
  input: NewRequest,
  who: Who & { portal: boolean },
): Promise<RequestView> {
  const rights = d.policy.rights;
  if (!rights.supported.includes(input.kind))
    throw new GardeError('RIGHTS_INVALID', `this policy does not offer the right "${input.kind}"`);
  // The portal is the channel that needs no proof: its login is the verification.
  const portal = rights.channels.find((c) => !c.identityProof)?.id;
  const channel = who.portal ? portal : input.channel;
  if (!channel || !rights.channels.some((c) => c.id === channel))
    throw new GardeError(
      'RIGHTS_INVALID',
      `channel must be one of: ${rights.channels.map((c) => c.id).join(', ')}`,
    );
  checkDetails(d, input.kind, input.details ?? {});
  const subject = await getSubject(d, input.subjectId);
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
    await tx.query(
      'INSERT INTO rights_request_events (request_id, status, note, actor, at) VALUES ($1, $2, $3, $4, $5)',
      [r.id, status, partner ? `routed to ${partner.name}` : null, who.actor, now],
    );
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

async function load(d: Ctx, id: string): Promise<RightsRequest> {
  const r = await selectRequest(d.db, id);
  if (!r) throw new GardeError('REQUEST_NOT_FOUND');
  return r;
}

export async function getRequest(d: Ctx, id: string): Promise<RequestView & { history: RequestEvent[] }> {
  const r = await load(d, id);
  return { ...view(r, d.now()), history: await selectEvents(d.db, id) };
}

export async function listRequests(
  d: Ctx,
  f: { subjectId?: string; urgency?: 'overdue' | 'due-soon' | 'open'; limit: number },
): Promise<RequestView[]> {
  const now = d.now();
  const dueBefore =
    f.urgency === 'overdue' ? now : f.urgency === 'due-soon' ? addDuration(now, DUE_SOON) : undefined;
  const rows = await selectRequests(d.db, {
    subjectId: f.subjectId,
    open: f.urgency !== undefined,
    dueBefore,
    limit: f.limit,
  });
  return rows.map((r) => view(r, now)).filter((r) => f.urgency !== 'due-soon' || r.urgency === 'due-soon');
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

export async function verifyRequest(
  d: Ctx,
  id: string,
  proof: IdentityProof,
  actor: string,
): Promise<RequestView> {
  const now = d.now();
  const r0 = await load(d, id);
  if (r0.status !== 'received')
    throw new GardeError('REQUEST_STATE', `the request is ${r0.status}: only a received request is verified`);
  const subject = await getSubject(d, r0.subjectId as string);
  // Only the outcome and the names of the compared fields are kept: the proof itself is not.
  const v = verifyProof(subject.identity, proof, now);
  return change(d, id, async (r, tx) => {
    if (r.status !== 'received') throw new GardeError('REQUEST_STATE', `the request is ${r.status}`);
    const next = v.outcome === 'verified' ? 'verified' : 'received';
    const out = await updateRequest(
      tx,
      id,
      { status: next, verification: v },
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

export async function extendRequest(
  d: Ctx,
  id: string,
  reason: string,
  actor: string,
): Promise<RequestView & { notice: string }> {
  const now = d.now();
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
    const notice = `We need more time to answer your ${r.kind} request: ${reason}. We will answer by ${ext.dueAt.toISOString().slice(0, 10)}.`;
    return { ...view(out, now), notice };
  });
}

export async function rejectRequest(d: Ctx, id: string, reason: string, actor: string): Promise<RequestView> {
  const now = d.now();
  return change(d, id, async (r, tx) => {
    if (!canMove(r.status, 'rejected')) throw new GardeError('REQUEST_STATE', `the request is ${r.status}`);
    const out = await updateRequest(
      tx,
      id,
      { status: 'rejected', closedAt: now, outcome: { reason } },
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

/** EN-13: what the person is told when a right means the contract cannot continue. */
export function contractImpact(
  d: Ctx,
  lifecycle: string,
  kind: RightKind,
  details: Record<string, unknown>,
): string | null {
  if (d.policy.rights.warnContractImpact === false || lifecycle !== 'customer') return null;
  const everything = details.purpose === undefined;
  if (kind === 'erasure') return 'Erasing your data ends your contract: we can no longer supply the service.';
  if (kind === 'restriction' && everything)
    return 'While all processing is restricted we cannot perform your contract.';
  if (kind === 'objection' && details.objection === 'legitimate-interest' && everything)
    return 'Some processing needed for your contract rests on our legitimate interest: if your objection is upheld, the contract may not continue.';
  return null;
}

export type Fulfilment = RequestView & { contractImpact: string | null };

/**
 * Carries out a verified request. Erasure of a customer ends the contract (EN-13): it needs
 * `confirmContractEnd`, so nobody loses a contract by accident.
 */
export async function fulfilRequest(
  d: Ctx,
  id: string,
  input: { confirmContractEnd?: boolean; identity?: Identity },
  who: Who,
): Promise<Fulfilment> {
  const r = await load(d, id);
  if (r.status !== 'verified')
    throw new GardeError('REQUEST_STATE', `the request is ${r.status}: only a verified request is fulfilled`);
  const subjectId = r.subjectId as string;
  const subject = await getSubject(d, subjectId);
  const impact = contractImpact(d, subject.lifecycle, r.kind, r.details);
  const now = d.now();
  let outcome: Record<string, unknown>;
  const src = { source: 'api' as const };
  switch (r.kind) {
    case 'access': {
      const report = await accessReportFor(d, subjectId);
      outcome = { categories: report.categories.map((c) => ({ id: c.id, records: c.records })) };
      break;
    }
    case 'portability': {
      const data = await collectData(d.db, d.policy, subjectId);
      outcome = {
        files: data.filter((x) => x.store.portable && x.rows.length > 0).map((x) => x.store.table),
      };
      break;
    }
    case 'rectification': {
      if (!input.identity)
        throw new GardeError('RIGHTS_INVALID', 'a rectification carries the corrected identity');
      await updateSubject(d, subjectId, { identity: input.identity }, who.actor);
      outcome = { rectified: Object.keys(input.identity).sort() };
      break;
    }
    case 'restriction': {
      const purpose = r.details.purpose as string | undefined;
      await changeRestriction(
        d,
        subjectId,
        { purpose, action: 'impose', reason: `rights request ${r.id}`, ...src },
        who,
      );
      outcome = { restricted: purpose ?? 'all processing' };
      break;
    }
    case 'objection': {
      const kind = r.details.objection as ObjectionKind;
      const purpose = r.details.purpose as string | undefined;
      await changeObjection(d, subjectId, { kind, purpose, action: 'raise', ...src }, who);
      outcome = { objection: kind, purpose: purpose ?? 'all' };
      break;
    }
    case 'withdraw-consent': {
      const purpose = r.details.purpose as string;
      await recordConsent(d, subjectId, { purpose, state: 'withdrawn', ...src }, who);
      outcome = { withdrawn: purpose };
      break;
    }
    case 'erasure': {
      if (impact && !input.confirmContractEnd)
        throw new GardeError('ERASURE_ENDS_CONTRACT', impact, { contractImpact: impact });
      // Erased and answered in one transaction, under the request's lock: never erased twice,
      // never erased without the answer saying so.
      const done = await d.db.transaction(async (tx) => {
        await lockVerified(tx, id);
        const plan = await eraseSubject(tx, d, r, who.actor);
        return completeRequest(tx, r, plan.outcome, impact, who.actor, now);
      });
      return { ...view(done, now), contractImpact: impact };
    }
  }
  const done = await d.db.transaction(async (tx) => {
    await lockVerified(tx, id);
    return completeRequest(tx, r, outcome, impact, who.actor, now);
  });
  return { ...view(done, now), contractImpact: impact };
}

async function lockVerified(tx: Tx, id: string): Promise<void> {
  const cur = await selectRequest(tx, id, true);
  if (!cur) throw new GardeError('REQUEST_NOT_FOUND');
  if (cur.status !== 'verified') throw new GardeError('REQUEST_STATE', `the request is ${cur.status}`);
}

async function completeRequest(
  tx: Tx,
  r: RightsRequest,
  outcome: Record<string, unknown>,
  impact: string | null,
  actor: string,
  now: Date,
): Promise<RightsRequest> {
  const out = await updateRequest(
    tx,
    r.id,
    {
      status: 'completed',
      closedAt: now,
      outcome: { ...outcome, ...(impact ? { contractImpact: impact } : {}) },
    },
    { status: 'completed', note: null, actor, at: now },
  );
  await appendAudit(
    tx,
    {
      actor,
      action: `rights.complete.${r.kind}`,
      subjectId: r.kind === 'erasure' ? null : r.subjectId,
      changeDigest: digestOf({ id: r.id, outcome }),
    },
    now,
  );
  return out;
}

async function eraseSubject(
  tx: Tx,
  d: Ctx,
  r: RightsRequest,
  actor: string,
): Promise<{ plan: ErasurePlan; outcome: Record<string, unknown> }> {
  const subjectId = r.subjectId as string;
  const now = d.now();
  const subject = await tx.query<{
    lifecycle: 'prospect' | 'customer' | 'former';
    contract_ended_on: string | null;
    last_contact_at: Date | null;
  }>('SELECT lifecycle, contract_ended_on, last_contact_at FROM subjects WHERE id = $1 FOR UPDATE', [
    subjectId,
  ]);
  const s = subject.rows[0];
  if (!s) throw new GardeError('SUBJECT_NOT_FOUND');
  const data = await summariseData(tx, d.policy, subjectId);
  const holds = await selectHolds(tx, subjectId);
  const plan = planErasure(
    d.policy,
    { lifecycle: s.lifecycle, contractEndedOn: s.contract_ended_on, lastContactAt: s.last_contact_at },
    data,
    holds,
    now,
  );
  await executeErasure(tx, { subjectId, pseudonym: r.subjectPseudonym, requestId: r.id, plan, actor, now });
  const outcome = {
    kept: plan.kept,
    erased: plan.erased,
    subjectDeleted: plan.deleteSubject,
    notified: plan.notify.map((n) => n.recipient),
  };
  return { plan, outcome };
}

export async function accessReportFor(d: Ctx, subjectId: string, language?: string): Promise<AccessReport> {
  const subject = await getSubject(d, subjectId);
  const data = await collectData(d.db, d.policy, subjectId);
  return accessReport(d.policy, subjectId, data, d.now(), language ?? subject.identity.language ?? 'en');
}

export async function portabilityExport(d: Ctx, subjectId: string): Promise<Uint8Array> {
  await getSubject(d, subjectId);
  const data = await collectData(d.db, d.policy, subjectId);
  return portabilityZip(subjectId, data, d.now());
}

export async function placeHold(
  d: Ctx,
  subjectId: string,
  h: Hold,
  actor: string,
): Promise<{ id: number } & Hold> {
  if (h.category !== null && !d.policy.categories.some((c) => c.id === h.category))
    throw new GardeError('RIGHTS_INVALID', `category "${h.category}" is not in the policy`);
  await getSubject(d, subjectId);
  const now = d.now();
  return d.db.transaction(async (tx) => {
    const id = await insertHold(tx, { ...h, subjectId, actor, at: now });
    await appendAudit(
      tx,
      { actor, action: 'hold.place', subjectId, changeDigest: digestOf({ id, ...h }) },
      now,
    );
    return { id, ...h };
  });
}

export async function liftHold(d: Ctx, subjectId: string, id: number, actor: string): Promise<void> {
  const now = d.now();
  await d.db.transaction(async (tx) => {
    if (!(await releaseHold(tx, subjectId, id, now))) throw new GardeError('HOLD_NOT_FOUND');
    await appendAudit(tx, { actor, action: 'hold.release', subjectId, changeDigest: digestOf({ id }) }, now);
  });
}

export async function listHolds(d: Ctx, subjectId: string): Promise<({ id: number } & Hold)[]> {
  await getSubject(d, subjectId);
  return selectHolds(d.db, subjectId);
}
