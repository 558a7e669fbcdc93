// The interests capability: scoring (set-based, gated by decide()'s SQL mirror), what a subject
// sees and deletes, offers ranked by an explainable propensity model and checked one by one by
// decide(), and the outcomes the model learns from.
// What a processor may read is processor-features.ts.
import { appendAudit, auditSubjectChange } from '../audit/store.ts';
import { subjectState } from '../consent/consent.ts';
import { decide } from '../decide/decide.ts';
import { explain, type ReasonCode } from '../decide/reasons.ts';
import type { SubjectState } from '../decide/types.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import type { Policy, Product } from '../policy/schema.ts';
import { getSubject } from '../subjects/subjects.ts';
import { allLinks } from '../themes/themes.ts';
import { type Asked, languageForPerson, NOTHING_ASKED, wordsIn } from '../words/words.ts';
import { evaluateOnRows, trainModels } from './evaluate.ts';
import {
  explainPropensity,
  explainSignals,
  featureNames,
  features,
  modelPurpose,
  predict,
  rankingBasis,
} from './model.ts';
import { interestPurpose, rescoreSql } from './sql.ts';
import {
  insertModel,
  insertOutcome,
  selectFeatures,
  selectInterests,
  selectLatestModel,
  selectTrainingRows,
  suppressTopic,
} from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

export type ScoreRun = { subjects: number; interests: number; removed: number; ms: number };

/** Rescores everyone (or one subject) in one statement. */
export async function rescore(d: Pick<Deps, 'db' | 'policy' | 'now'>, subjectId?: string): Promise<ScoreRun> {
  const sql = rescoreSql(d.policy);
  const t0 = performance.now();
  if (!sql) return { subjects: 0, interests: 0, removed: 0, ms: 0 };
  const r = await d.db.query<{ subjects: number; interests: number; removed: number }>(sql, [
    d.now(),
    interestPurpose(d.policy),
    subjectId ?? null,
  ]);
  const row = r.rows[0] ?? { subjects: 0, interests: 0, removed: 0 };
  return { ...row, ms: Math.round(performance.now() - t0) };
}

export type InterestView = { topic: string; score: number; why: string[]; scoredAt: Date };

/** The subject's interests, explained in their language unless another is asked for. */
export async function listInterests(
  d: Ctx,
  subjectId: string,
  asked: Asked = NOTHING_ASKED,
): Promise<{ language: string; purpose: { id: string; description: string } | null; items: InterestView[] }> {
  const subject = await getSubject(d, subjectId);
  const language = languageForPerson(d.policy, asked, subject.identity.language);
  const items = (await selectInterests(d.db, subjectId)).map((i) => ({
    topic: i.topic,
    score: i.score,
    why: explainSignals(d.policy, i.topic, i.signals, language),
    scoredAt: i.scoredAt,
  }));
  // BK-4: which model: the purpose the interests are derived under, as the notice describes it.
  const id = interestPurpose(d.policy);
  const described = d.policy.purposes.find((p) => p.id === id);
  const purpose = described
    ? { id: described.id, description: wordsIn(d.policy, language).text(described.description) }
    : null;
  return { language, purpose, items };
}

/** The subject deletes an interest: gone now, and never inferred again. */
export async function deleteInterest(d: Ctx, subjectId: string, topic: string, actor: string): Promise<void> {
  await getSubject(d, subjectId);
  const tracked = d.policy.tracking?.eventKinds.some((k) => k.topics?.includes(topic));
  if (!tracked) throw new GardeError('INTEREST_INVALID', `"${topic}" is not a tracked topic`);
  const now = d.now();
  await d.db.transaction(async (tx) => {
    await suppressTopic(tx, subjectId, topic, now);
    await auditSubjectChange(
      tx,
      d.sealer,
      { actor, action: 'interest.delete', subjectId, change: { topic } },
      now,
    );
  });
}

/**
 * Every direct-marketing purpose under which a product may be proposed, in the policy's order:
 * each is judged, since the first that fits may not hold for this person (consent given for
 * another purpose, or on another channel) while a later one does.
 */
function offerPurposes(policy: Policy, p: Product) {
  return policy.purposes.filter(
    (x) =>
      x.directMarketing &&
      (!x.domains || x.domains.includes(p.domain)) &&
      (!x.senders || x.senders.includes(p.entity)),
  );
}

/**
 * BK-5, BK-14: the first purpose under which decide() lets the product be proposed, or the
 * reasons every fitting purpose gave (each once, in the policy's order). `channel`, when the
 * offer is made somewhere: a purpose taking consent per channel holds on that channel only;
 * without it, on any of its channels (src/decide/consent.ts).
 */
function judgeOffer(
  policy: Policy,
  state: SubjectState,
  p: Product,
  channel: string | undefined,
  now: Date,
): { purpose: string } | { reasons: ReasonCode[] } {
  const purposes = offerPurposes(policy, p);
  if (purposes.length === 0) return { reasons: ['sender.not-allowed'] };
  const reasons = new Set<ReasonCode>();
  for (const purpose of purposes) {
    const decision = decide(
      policy,
      state,
      { purpose: purpose.id, action: 'process', sender: p.entity, domain: p.domain, channel },
      now,
    );
    if (decision.allow) return { purpose: purpose.id };
    for (const r of decision.reasons) reasons.add(r);
  }
  return { reasons: [...reasons] };
}

export type Offer = {
  product: string;
  name: string;
  domain: string;
  sender: string;
  purpose: string;
  /** The propensity, or null when the ranking may not use a model for this person. */
  score: number | null;
  why: string[];
};

export type Offers = {
  ranking: 'model' | 'popularity';
  rankingReason: string;
  offers: Offer[];
  excluded: { product: string; reasons: { code: string; text: string }[] }[];
  themes: { theme: string; productCode: string; accountRef: string }[];
};

/**
 * BK-5, BK-14, EN-6(c): products the subject does not hold, from allowed senders, each passing
 * decide() for its marketing purpose; ranked by the propensity model only when the subject may
 * be profiled, otherwise by general take-up. Agents get the themes alongside, never behaviour.
 */
export async function offersFor(
  d: Ctx,
  subjectId: string,
  /** Words for the person: in their language unless another is asked for. */
  asked: Asked,
  /** BK-13: false for staff who may not know the person's profile (src/keys/need-to-know.ts). */
  reader: { profiling: boolean },
  /** Where the offers would be made: a channel of the policy (per-channel consent is judged on it). */
  channel?: string,
): Promise<Offers & { language: string }> {
  if (channel !== undefined && !d.policy.communications?.channels.some((c) => c.id === channel))
    throw new GardeError('INTEREST_INVALID', `"${channel}" is not a channel of the policy`);
  const state = await subjectState(d, subjectId);
  const f = await selectFeatures(d.db, subjectId);
  const words = wordsIn(d.policy, languageForPerson(d.policy, asked, f.language));
  const productName = (id: string) => {
    const p = d.policy.products?.find((x) => x.id === id);
    return p ? words.text(p.name) : id;
  };
  const now = d.now();
  // The model profiles: under the interests' purpose, or the policy's own profiling purpose,
  // never without one (modelPurpose).
  const profilingPurpose = modelPurpose(d.policy)?.id;
  const profiling = profilingPurpose
    ? decide(d.policy, state, { purpose: profilingPurpose, action: 'process' }, now)
    : { allow: false, reasons: [] as ReasonCode[] };
  const model = await selectLatestModel(d.db, d.policy.policy.id);
  const useModel = profiling.allow && model !== null;
  const x = model ? features(model.features, f, now) : [];
  const ranked: { offer: Offer; rank: number }[] = [];
  const excluded: Offers['excluded'] = [];
  for (const p of d.policy.products ?? []) {
    if (f.holdings.has(p.id)) {
      excluded.push({
        product: p.id,
        reasons: [{ code: 'product.held', text: words.say('offers.alreadyHeld') }],
      });
      continue;
    }
    const judged = judgeOffer(d.policy, state, p, channel, now);
    if ('reasons' in judged) {
      excluded.push({
        product: p.id,
        reasons: judged.reasons.map((code) => ({ code, text: explain(code, words) })),
      });
      continue;
    }
    const m = model?.products.find((x) => x.product === p.id);
    const score = useModel && m ? predict(m, x) : null;
    const popularity = m ? m.positives / m.samples : 0;
    const explained = useModel && m && reader.profiling;
    // BK-13: staff see the model's order, never why: a take-up figure would misstate it.
    const withheld = useModel && !reader.profiling;
    const offer: Offer = {
      product: p.id,
      name: words.text(p.name),
      domain: p.domain,
      sender: p.entity,
      purpose: judged.purpose,
      score: score === null || !reader.profiling ? null : Math.round(score * 1e4) / 1e4,
      why: explained
        ? explainPropensity(m, model?.features ?? [], x, words, productName)
        : withheld
          ? []
          : [words.say('offers.takeUp', { percent: Math.round(popularity * 100) })],
    };
    ranked.push({ offer, rank: score ?? popularity });
  }
  const offers = ranked
    .sort((a, b) => b.rank - a.rank || a.offer.product.localeCompare(b.offer.product))
    .map((r) => r.offer);
  const themes = (await allLinks(d, subjectId)).map((t) => ({
    theme: t.theme,
    productCode: t.productCode,
    accountRef: t.accountRef,
  }));
  return {
    language: words.language,
    ranking: useModel ? 'model' : 'popularity',
    rankingReason: useModel
      ? reader.profiling
        ? words.say('offers.byModel', {
            day: model?.trainedAt.toISOString().slice(0, 10) ?? '',
            basis: rankingBasis(words, model?.features ?? []),
          })
        : words.say('offers.forStaff')
      : !model
        ? words.say('offers.noModel')
        : !profilingPurpose
          ? words.say('offers.noProfilingPurpose')
          : words.say('offers.notPersonalised', {
              reasons: profiling.reasons.map((c) => explain(c, words)).join('; '),
            }),
    offers,
    excluded,
    themes,
  };
}

export async function recordOutcome(
  d: Ctx,
  subjectId: string,
  input: { product: string; accepted: boolean },
  actor: string,
): Promise<{ id: number }> {
  if (!d.policy.products?.some((p) => p.id === input.product))
    throw new GardeError('INTEREST_INVALID', `"${input.product}" is not a product of the policy`);
  await getSubject(d, subjectId);
  const at = d.now();
  // What the model could know at the time of the offer: derived features only, by name.
  const names = featureNames(d.policy);
  const x = features(names, await selectFeatures(d.db, subjectId), at);
  const snapshot = Object.fromEntries(names.map((n, i) => [n, x[i] as number]).filter(([, v]) => v !== 0));
  return d.db.transaction(async (tx) => {
    const id = await insertOutcome(tx, { subjectId, ...input, at, actor, features: snapshot });
    await auditSubjectChange(tx, d.sealer, { actor, action: 'offer.outcome', subjectId, change: input }, at);
    return { id };
  });
}

/** `garde model train`: fits on 70% of the recorded outcomes, reports on the other 30%, keeps the model fitted on all. */
export async function trainFromOutcomes(d: Ctx, actor: string) {
  const rows = await selectTrainingRows(d.db);
  if (rows.length < 20)
    throw new GardeError(
      'INTEREST_INVALID',
      `only ${rows.length} subjects have outcomes: at least 20 are needed`,
    );
  const now = d.now();
  const metrics = evaluateOnRows(d.policy, rows, now);
  const models = trainModels(d.policy, rows, now);
  const id = await d.db.transaction(async (tx) => {
    const id = await insertModel(tx, { ...models, policyId: d.policy.policy.id, metrics, at: now, actor });
    await appendAudit(tx, { actor, action: 'model.train', changeDigest: digestOf({ id, metrics }) }, now);
    return id;
  });
  return { id, subjects: rows.length, products: models.products.length, metrics };
}
