// Carrying out a verified request (EN-11, EN-13): access and portability record what they held,
// rectification, restriction, objection and withdrawal go through the same functions as the
// preference center, and erasure runs with its answer in one transaction.
import { appendAudit } from '../audit/store.ts';
import { campaignsOf, holdBatches, scrubOutbound } from '../comms/outbound.ts';
import { changeObjection, changeRestriction, recordConsent, type Who } from '../consent/consent.ts';
import type { ObjectionKind } from '../decide/types.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Tx } from '../platform/db/index.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { retentionEventsOf } from '../retention/events.ts';
import type { Identity } from '../subjects/model.ts';
import { lockSubject, updateSubject } from '../subjects/subjects.ts';
import { type Asked, languageForPerson, NOTHING_ASKED, type Words, wordsIn } from '../words/words.ts';
import { contractImpact } from './contract-impact.ts';
import { summariseData } from './data.ts';
import { deliveryTerms } from './delivery.ts';
import { type ErasurePlan, planErasure } from './erasure.ts';
import { executeErasure, lockGateForErasure } from './erasure-store.ts';
import { isPortable } from './portability.ts';
import { loadRequest, personOf, type RequestView, view } from './requests.ts';
import { type RightsRequest, selectHolds, selectRequest, updateRequest } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now' | 'config'>;

/** `language`: the language of `contractImpact` (Content-Language). */
export type Fulfilment = RequestView & { contractImpact: string | null; language: string };

/**
 * Carries out a verified request. Erasure of a customer ends the contract (EN-13): it needs
 * `confirmContractEnd`, so nobody loses a contract by accident.
 */
export async function fulfilRequest(
  d: Ctx,
  id: string,
  input: { confirmContractEnd?: boolean; identity?: Identity },
  who: Who,
  /** EN-13: the person is told, in their language unless another is asked for. */
  asked: Asked = NOTHING_ASKED,
): Promise<Fulfilment> {
  const r = await loadRequest(d, id);
  if (r.status !== 'verified')
    throw new GardeError('REQUEST_STATE', `the request is ${r.status}: only a verified request is fulfilled`);
  const subjectId = r.subjectId as string;
  const subject = await personOf(d, r);
  const words = wordsIn(d.policy, languageForPerson(d.policy, asked, subject.identity.language));
  const language = words.language;
  const impact = contractImpact(d, subject.lifecycle, r.kind, r.details, words);
  const now = d.now();
  let outcome: Record<string, unknown>;
  const src = { source: 'api' as const };
  switch (r.kind) {
    case 'access':
    case 'portability': {
      // What the answer held, by count: the report or export itself is fetched by the person.
      const held = (await summariseData(d.db, d.policy, subjectId)).filter((x) => x.rows > 0);
      const byCategory = new Map<string, number>();
      for (const x of held) byCategory.set(x.category, (byCategory.get(x.category) ?? 0) + x.rows);
      // The file itself is made at each download, until the delivery window closes (delivery.ts).
      const delivery = deliveryTerms(d, r.kind, now);
      outcome =
        r.kind === 'access'
          ? { categories: [...byCategory].map(([id, records]) => ({ id, records })), delivery }
          : {
              files: held
                .filter((x) => isPortable(x.store, x.category, d.policy.rights.portability?.categories))
                .map((x) => x.store.table),
              delivery,
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
        throw new GardeError('ERASURE_ENDS_CONTRACT', impact, { contractImpact: impact, language });
      // Erased and answered in one transaction, under the request's lock: never erased twice,
      // never erased without the answer saying so.
      const done = await d.db.transaction(async (tx) => {
        await lockVerified(tx, id);
        const plan = await eraseSubject(tx, d, r, who.actor, words);
        return completeRequest(tx, r, plan.outcome, impact, who.actor, now);
      });
      return { ...view(done, now), contractImpact: impact, language };
    }
  }
  const done = await d.db.transaction(async (tx) => {
    await lockVerified(tx, id);
    return completeRequest(tx, r, outcome, impact, who.actor, now);
  });
  return { ...view(done, now), contractImpact: impact, language };
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
  /** The words of what is kept and why: the person's (Art. 12(1)). */
  words: Words,
): Promise<{ plan: ErasurePlan; outcome: Record<string, unknown> }> {
  const subjectId = r.subjectId as string;
  const now = d.now();
  // EN-11: before reading anything, and in this order: the batches (none is written until this
  // commits), the gate (a campaign send in flight commits first; a later one judges its audience
  // after this erasure), then the person's row, which a send holding the gate may need to reach
  // (its foreign keys): taken the other way round, the two would wait on each other.
  await holdBatches(tx);
  await lockGateForErasure(tx);
  const s = await lockSubject(tx, subjectId);
  const data = await summariseData(tx, d.policy, subjectId);
  const holds = (await selectHolds(tx, subjectId)).map((h) => h.item);
  const plan = planErasure(
    d.policy,
    {
      lifecycle: s.lifecycle,
      contractEndedOn: s.contractEndedOn,
      lastContactAt: s.lastContactAt,
      retentionEvents: await retentionEventsOf(tx, subjectId),
    },
    data,
    holds,
    now,
    words,
  );
  // EN-11: the campaign batches holding the person, read under the locks and before the ledger
  // goes, are scrubbed last, in this transaction: erasure reaches every copy Garde wrote, or
  // nothing happens. A batch written after it commits leaves the person out (selectBatch).
  const campaigns = await campaignsOf(tx, subjectId);
  await executeErasure(tx, { subjectId, pseudonym: r.subjectPseudonym, requestId: r.id, plan, actor, now });
  await scrubOutbound(tx, d.config.dataDir, subjectId, campaigns);
  const outcome = {
    kept: plan.kept,
    erased: plan.erased,
    subjectDeleted: plan.deleteSubject,
    notified: plan.notify.map((n) => n.recipient),
    // What Garde cannot erase itself: the DPO has it done there (issue 16 brings connectors).
    ...(plan.elsewhere.length > 0 ? { toEraseElsewhere: plan.elsewhere } : {}),
  };
  return { plan, outcome };
}
