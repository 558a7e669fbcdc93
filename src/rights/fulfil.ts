// Carrying out a verified request (EN-11, EN-13): access and portability record what they held,
// rectification, restriction, objection and withdrawal go through the same functions as the
// preference center, and erasure runs with its answer in one transaction.
import { appendAudit } from '../audit/store.ts';
import { campaignsOf, holdBatches, scrubOutbound } from '../comms/outbound.ts';
import { changeObjection, changeRestriction, recordConsent, type Who } from '../consent/consent.ts';
import { isConnected } from '../datasets/lint.ts';
import { personKeys } from '../datasets/person.ts';
import type { ObjectionKind } from '../decide/types.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Tx } from '../platform/db/index.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { GARDE_DATASET } from '../policy/schema.ts';
import { retentionEventsOf } from '../retention/events.ts';
import type { Identity } from '../subjects/model.ts';
import { selectSubject } from '../subjects/store.ts';
import { lockSubject, updateSubject } from '../subjects/subjects.ts';
import { type Asked, languageForPerson, NOTHING_ASKED, type Words, wordsIn } from '../words/words.ts';
import { contractImpact } from './contract-impact.ts';
import { summariseData } from './data.ts';
import { deliveryTerms } from './delivery.ts';
import { type ErasurePlan, planErasure } from './erasure.ts';
import { executeErasure, lockGateForErasure } from './erasure-store.ts';
import { isPortable } from './portability.ts';
import { loadRequest, personOf, type RequestView, view } from './requests.ts';
import {
  insertSteps,
  type RequestStep,
  runConnectorSteps,
  type StepRunner,
  selectSteps,
  settleStep,
  stepKeys,
} from './steps.ts';
import { stepsOutcome } from './steps-outcome.ts';
import { planSteps } from './steps-plan.ts';
import { type RightsRequest, selectHolds, selectRequest, updateRequest } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now' | 'config'>;

/** `language`: the language of `contractImpact` (Content-Language). */
export type Fulfilment = RequestView & {
  contractImpact: string | null;
  language: string;
  steps: RequestStep[];
};

/**
 * Carries out a verified request in every system that holds the person's data (issue 16): Garde's
 * own part, each connected dataset's, and a task for each manual one. The request is completed
 * when every step is done; until then it stays verified, and calling this again runs what failed
 * or is pending (never what is done). Erasure of a customer ends the contract (EN-13): it needs
 * `confirmContractEnd`, so nobody loses a contract by accident.
 */
export async function fulfilRequest(
  d: Ctx,
  id: string,
  input: { confirmContractEnd?: boolean; identity?: Identity },
  who: Who,
  /** EN-13: the person is told, in their language unless another is asked for. */
  asked: Asked = NOTHING_ASKED,
  runner: StepRunner = {},
): Promise<Fulfilment> {
  const r = await loadRequest(d, id);
  if (r.status !== 'verified')
    throw new GardeError('REQUEST_STATE', `the request is ${r.status}: only a verified request is fulfilled`);
  let steps = await selectSteps(d.db, id);
  let words = wordsIn(d.policy, languageForPerson(d.policy, asked, null));
  let impact: string | null = null;
  if (steps.length === 0 || steps[0]?.status !== 'done') {
    // Garde's own part is still to do: the person is still here.
    const subject = await personOf(d, r);
    words = wordsIn(d.policy, languageForPerson(d.policy, asked, subject.identity.language));
    impact = contractImpact(d, subject.lifecycle, r.kind, r.details, words);
    if (r.kind === 'erasure' && impact && !input.confirmContractEnd)
      throw new GardeError('ERASURE_ENDS_CONTRACT', impact, {
        contractImpact: impact,
        language: words.language,
      });
    if (r.kind === 'rectification' && !input.identity && steps.length === 0)
      throw new GardeError('RIGHTS_INVALID', 'a rectification carries the corrected identity');
    if (steps.length === 0) steps = await makeSteps(d, r, input, words);
    // Garde's own part first: a rectification Garde refuses (an e-mail already another person's)
    // then reaches no other system. It runs with what was fixed when the steps were made.
    await runGardeStep(d, r, await fixedInput(d, r, input), who, words, impact);
  }
  await runConnectorSteps(d, id, who.actor, runner);
  await d.db.transaction(async (tx) => completeIfDone(tx, d, r, who.actor));
  const after = await loadRequest(d, id);
  steps = await selectSteps(d.db, id);
  const gardeResult = steps[0]?.result ?? {};
  return {
    ...view(after, d.now()),
    contractImpact: (gardeResult.contractImpact as string | undefined) ?? impact,
    language: (gardeResult.language as string | undefined) ?? words.language,
    steps,
  };
}

/**
 * A rectification's corrected identity, as sealed when its steps were made: a retry applies the
 * same values to Garde as to the other systems, and a different identity is refused.
 */
async function fixedInput(
  d: Ctx,
  r: RightsRequest,
  input: { identity?: Identity },
): Promise<{ identity?: Identity }> {
  if (r.kind !== 'rectification') return input;
  const sealed = await stepKeys(d.db, d, r.id, GARDE_DATASET);
  if (!sealed?.corrected) return input;
  const fixed = sealed.corrected as Identity;
  if (input.identity && digestOf(input.identity) !== digestOf(fixed))
    throw new GardeError(
      'REQUEST_STATE',
      'the corrected identity was fixed when the request was first fulfilled: fulfil it again without one, or record a new request',
    );
  return { identity: fixed };
}

/** The steps of a request, made once: what each system is asked, fixed now, with the person's keys sealed. */
async function makeSteps(
  d: Ctx,
  r: RightsRequest,
  input: { identity?: Identity },
  words: Words,
): Promise<RequestStep[]> {
  const subjectId = r.subjectId as string;
  const now = d.now();
  const keys = await personKeys(d.db, subjectId);
  if (!keys) throw new GardeError('SUBJECT_NOT_FOUND');
  const erasure = r.kind === 'erasure' ? await previewErasure(d, subjectId, now, words) : undefined;
  const corrected = input.identity ? correctedFields(input.identity) : undefined;
  const planned = planSteps(
    d.policy,
    r.kind,
    { ...(erasure ? { erasure } : {}), ...(corrected ? { corrected } : {}) },
    now,
  );
  await d.db.transaction(async (tx) => {
    await lockVerified(tx, r.id);
    await insertSteps(tx, d, r.id, planned, { keys, ...(corrected ? { corrected } : {}) }, now);
  });
  return selectSteps(d.db, r.id);
}

/** The identity's corrected values by the policy's field names (a dataset column names its field). */
function correctedFields(identity: Identity): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(identity)) if (v === null || typeof v === 'string') out[k] = v;
  return out;
}

/** What an erasure would do, read now: the places in other systems and what happens there. */
async function previewErasure(d: Ctx, subjectId: string, now: Date, words: Words): Promise<ErasurePlan> {
  const s = await subjectOrThrow(d, subjectId);
  const data = await summariseData(d.db, d.policy, subjectId);
  const holds = (await selectHolds(d.db, subjectId)).map((h) => h.item);
  return planErasure(
    d.policy,
    {
      lifecycle: s.lifecycle,
      contractEndedOn: s.contractEndedOn,
      lastContactAt: s.lastContactAt,
      retentionEvents: await retentionEventsOf(d.db, subjectId),
    },
    data,
    holds,
    now,
    words,
  );
}

async function subjectOrThrow(d: Ctx, subjectId: string) {
  const s = await selectSubject(d.db, subjectId);
  if (!s) throw new GardeError('SUBJECT_NOT_FOUND');
  return s;
}

/** Garde's own part of the request (the code that was the whole of it before datasets), as its step. */
async function runGardeStep(
  d: Ctx,
  r: RightsRequest,
  input: { identity?: Identity },
  who: Who,
  words: Words,
  impact: string | null,
): Promise<void> {
  const now = d.now();
  const language = words.language;
  let outcome: Record<string, unknown>;
  // Held while its effects are made (each in its own transaction): a second operator is told
  // another is at it, and nothing is recorded twice.
  if (!(await claimGardeStep(d.db, r.id, now)))
    throw new GardeError(
      'REQUEST_STATE',
      "Garde's part of the request is being carried out by another operator",
    );
  try {
    outcome = await gardeEffects(d, r, input, who, words, impact);
  } catch (err) {
    await releaseGardeStep(d.db, r.id);
    throw err;
  }
  if (r.kind === 'erasure') return;
  await d.db.transaction(async (tx) => {
    await lockGardePart(tx, r.id);
    await settleGarde(
      tx,
      r,
      { ...outcome, ...(impact ? { contractImpact: impact } : {}), language },
      who.actor,
      now,
    );
    await completeIfDone(tx, d, r, who.actor);
  });
}

/** What Garde's own part does, by kind; erasure settles its step itself, in its transaction. */
async function gardeEffects(
  d: Ctx,
  r: RightsRequest,
  input: { identity?: Identity },
  who: Who,
  words: Words,
  impact: string | null,
): Promise<Record<string, unknown>> {
  const subjectId = r.subjectId as string;
  const now = d.now();
  const language = words.language;
  let outcome: Record<string, unknown> = {};
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
      if (input.identity) await updateSubject(d, subjectId, { identity: input.identity }, who.actor);
      outcome = { rectified: Object.keys(input.identity ?? {}).sort() };
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
      // Erased, its step settled and (when every other system is done) the request answered, in
      // one transaction, under the request's lock: never erased twice, never erased without the
      // answer saying so.
      await d.db.transaction(async (tx) => {
        await lockGardePart(tx, r.id);
        const plan = await eraseSubject(tx, d, r, who.actor, words);
        await settleGarde(
          tx,
          r,
          { ...plan.outcome, ...(impact ? { contractImpact: impact } : {}), language },
          who.actor,
          now,
        );
        await completeIfDone(tx, d, r, who.actor);
      });
      return outcome;
    }
  }
  return outcome;
}

async function claimGardeStep(db: Tx | Ctx['db'], id: string, now: Date): Promise<boolean> {
  const r = await db.query(
    `UPDATE rights_request_steps SET running_until = $3, updated_at = $2
      WHERE request_id = $1 AND dataset = $4 AND status <> 'done'
        AND (running_until IS NULL OR running_until <= $2)`,
    [id, now, new Date(now.getTime() + 2 * 60_000), GARDE_DATASET],
  );
  return r.rowCount > 0;
}

async function releaseGardeStep(db: Ctx['db'], id: string): Promise<void> {
  await db.query(
    'UPDATE rights_request_steps SET running_until = NULL WHERE request_id = $1 AND dataset = $2',
    [id, GARDE_DATASET],
  );
}

async function settleGarde(
  tx: Tx,
  r: RightsRequest,
  result: Record<string, unknown>,
  actor: string,
  now: Date,
): Promise<void> {
  const settled = await settleStep(tx, r.id, GARDE_DATASET, { status: 'done', result, actor }, now);
  if (!settled) throw new GardeError('REQUEST_STATE', 'the request is being fulfilled by another operator');
}

/**
 * Completes the request once every step is done: its outcome is Garde's part, with what each
 * other system did (rows per table; what an obligation keeps there, and until when).
 */
export async function completeIfDone(
  tx: Tx,
  d: Pick<Deps, 'policy' | 'now'>,
  r: RightsRequest,
  actor: string,
): Promise<boolean> {
  // Under the request's lock, and only once: an operator, the job and a callback may all get here.
  const cur = await selectRequest(tx, r.id, true);
  if (cur?.status !== 'verified') return false;
  const steps = await selectSteps(tx, r.id);
  if (steps.length === 0 || steps.some((s) => s.status !== 'done')) return false;
  const [garde, ...others] = steps;
  const { contractImpact: impact, language, ...own } = (garde?.result ?? {}) as Record<string, unknown>;
  const outcome = stepsOutcome(
    d.policy,
    r.kind,
    own,
    others,
    typeof language === 'string' ? language : undefined,
  );
  await completeRequest(tx, r, outcome, typeof impact === 'string' ? impact : null, actor, d.now());
  return true;
}

async function lockVerified(tx: Tx, id: string): Promise<void> {
  const cur = await selectRequest(tx, id, true);
  if (!cur) throw new GardeError('REQUEST_NOT_FOUND');
  if (cur.status !== 'verified') throw new GardeError('REQUEST_STATE', `the request is ${cur.status}`);
}

/** Under the request's lock: Garde's own part is done once, by whoever takes it first. */
async function lockGardePart(tx: Tx, id: string): Promise<void> {
  await lockVerified(tx, id);
  const r = await tx.query<{ status: string }>(
    'SELECT status FROM rights_request_steps WHERE request_id = $1 AND dataset = $2',
    [id, GARDE_DATASET],
  );
  if (r.rows[0]?.status === 'done')
    throw new GardeError('REQUEST_STATE', "Garde's part of the request was carried out by another operator");
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
  const manual = plan.elsewhere.filter((e) => {
    const dataset = d.policy.datasets?.find((x) => x.id === e.dataset);
    return dataset !== undefined && !isConnected(dataset);
  });
  const outcome = {
    kept: plan.kept,
    erased: plan.erased,
    subjectDeleted: plan.deleteSubject,
    notified: plan.notify.map((n) => n.recipient),
    // What people erase in the systems Garde does not reach (their steps are tasks).
    ...(manual.length > 0 ? { toEraseElsewhere: manual } : {}),
  };
  return { plan, outcome };
}
