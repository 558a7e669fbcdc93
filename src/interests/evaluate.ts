// Training and evaluation of the propensity models, pure: the CLI feeds it rows from the
// database (`garde model train`) or a synthetic population (`garde model eval`).
import type { Policy } from '../policy/schema.ts';
import {
  auc,
  type FeatureInput,
  featureNames,
  features,
  interestParams,
  type ProductModel,
  predict,
  scoreInterests,
  trainLogistic,
} from './model.ts';
import { acceptance, type SyntheticPerson } from './synthetic.ts';

export type TrainingRow = FeatureInput & {
  outcomes: readonly { product: string; accepted: boolean }[];
  /** The features as recorded with the outcome, by name; used instead of the inputs when set. */
  snapshot?: Readonly<Record<string, number>>;
};

export const vectorOf = (names: readonly string[], r: TrainingRow, now: Date): number[] =>
  r.snapshot ? names.map((n) => r.snapshot?.[n] ?? 0) : features(names, r, now);
export type TrainedModels = { features: string[]; products: ProductModel[] };
type Pair = { score: number; y: 0 | 1 };

/** One logistic regression per product offered at least once with both outcomes. */
export function trainModels(policy: Policy, rows: readonly TrainingRow[], now: Date): TrainedModels {
  const names = featureNames(policy);
  const x = rows.map((r) => vectorOf(names, r, now));
  const products: ProductModel[] = [];
  for (const p of policy.products ?? []) {
    const samples: { x: number[]; y: 0 | 1 }[] = [];
    rows.forEach((r, i) => {
      for (const o of r.outcomes)
        if (o.product === p.id) samples.push({ x: x[i] as number[], y: o.accepted ? 1 : 0 });
    });
    const positives = samples.filter((s) => s.y === 1).length;
    if (positives === 0 || positives === samples.length) continue;
    products.push({ product: p.id, ...trainLogistic(samples), samples: samples.length, positives });
  }
  return { features: names, products };
}

type HeldOut = {
  models: TrainedModels;
  byProduct: Map<string, ProductModel>;
  /** The baseline: every product scored by its take-up rate in the training data. */
  rate: Map<string, number>;
  modelPairs: Pair[];
  popularPairs: Pair[];
};

/** Fits on `train`, then scores every outcome of `test` with the model and with the baseline. */
function heldOut(
  policy: Policy,
  train: readonly TrainingRow[],
  test: readonly TrainingRow[],
  now: Date,
): HeldOut {
  const models = trainModels(policy, train, now);
  const byProduct = new Map(models.products.map((m) => [m.product, m]));
  const rate = new Map(models.products.map((m) => [m.product, m.positives / m.samples]));
  const modelPairs: Pair[] = [];
  const popularPairs: Pair[] = [];
  for (const p of test) {
    const x = vectorOf(models.features, p, now);
    for (const o of p.outcomes) {
      const m = byProduct.get(o.product);
      if (!m) continue;
      modelPairs.push({ score: predict(m, x), y: o.accepted ? 1 : 0 });
      popularPairs.push({ score: rate.get(o.product) ?? 0, y: o.accepted ? 1 : 0 });
    }
  }
  return { models, byProduct, rate, modelPairs, popularPairs };
}

/** `garde model train`: the recorded outcomes, 70% to fit, 30% to report on. */
export function evaluateOnRows(policy: Policy, rows: readonly TrainingRow[], now: Date) {
  const cut = Math.floor(rows.length * 0.7);
  const h = heldOut(policy, rows.slice(0, cut), rows.slice(cut), now);
  return {
    subjects: { train: cut, test: rows.length - cut },
    model: { auc: auc(h.modelPairs) },
    popularity: { auc: auc(h.popularPairs) },
  };
}

export type Evaluation = {
  subjects: { train: number; test: number };
  model: { auc: number; precisionAt1: number };
  popularity: { auc: number; precisionAt1: number };
  /** The planted acceptance probabilities themselves: the best any model could rank. */
  oracle: { auc: number };
};

/** Holds out 30% of a synthetic population; scores interests from its events, as production does. */
export function evaluateOnSynthetic(
  policy: Policy,
  people: readonly SyntheticPerson[],
  now: Date,
): Evaluation {
  const params = interestParams(policy);
  const scored = people.map((p) => ({
    ...p,
    interests: new Map(params ? scoreInterests(params, p.events, now).map((i) => [i.topic, i.score]) : []),
  }));
  const cut = Math.floor(scored.length * 0.7);
  const test = scored.slice(cut);
  const { models, byProduct, rate, modelPairs, popularPairs } = heldOut(
    policy,
    scored.slice(0, cut),
    test,
    now,
  );
  const topicsOf = new Map((policy.products ?? []).map((p) => [p.id, p.topics ?? []]));
  const oraclePairs: Pair[] = [];
  let hits = 0;
  let popularHits = 0;
  let judged = 0;
  for (const p of test) {
    for (const o of p.outcomes) {
      if (!byProduct.has(o.product)) continue;
      const related = p.trueTopic !== null && !!topicsOf.get(o.product)?.includes(p.trueTopic);
      oraclePairs.push({ score: acceptance(o.product === p.bestProduct, related), y: o.accepted ? 1 : 0 });
    }
    if (!p.bestProduct) continue;
    judged++;
    const x = features(models.features, p, now);
    const candidates = models.products.filter((m) => !p.holdings.has(m.product));
    const top = (score: (m: ProductModel) => number) =>
      candidates.reduce<ProductModel | undefined>(
        (best, m) => (!best || score(m) > score(best) ? m : best),
        undefined,
      )?.product;
    if (top((m) => predict(m, x)) === p.bestProduct) hits++;
    if (top((m) => rate.get(m.product) ?? 0) === p.bestProduct) popularHits++;
  }
  return {
    subjects: { train: cut, test: test.length },
    model: { auc: auc(modelPairs), precisionAt1: hits / judged },
    popularity: { auc: auc(popularPairs), precisionAt1: popularHits / judged },
    oracle: { auc: auc(oraclePairs) },
  };
}
