// Interests (BK-4) and product propensities (BK-5), explainable by construction. Pure: no I/O.
//
// An interest is a score in [0, 1) per tracked topic: each recorded event adds its kind's weight
// (the policy's `tracking.eventKinds[].weight`, default 1), halved every `interestHalfLife`
// (default 30 days) of age, within retention; the sum s becomes 1 - exp(-s / 3). Its explanation
// is the three (kind, topic) contributions that weigh most. `src/interests/sql.ts` computes the
// same scores set-based; a test holds the two together.
//
// A propensity is a logistic regression per product over the interest scores, the products held,
// and the age band and region where the policy's profiling covers them (featureNames): small
// enough to read, and each score lists the features that pushed it most.
import { addDuration, parseDuration } from '../policy/duration.ts';
import type { Policy, Purpose } from '../policy/schema.ts';
import type { MessageId } from '../words/messages.ts';
import { type Words, wordsIn } from '../words/words.ts';

export const SATURATION = 3;
export const TOP_SIGNALS = 3;
const DAY_MS = 86_400_000;

export type Signal = { kind: string; topic: string; occurredAt: Date };
export type Contribution = { kind: string; count: number; lastAt: string; weight: number };
export type Interest = { topic: string; score: number; signals: Contribution[] };

export type InterestParams = {
  halfLifeDays: number;
  retention: string;
  /** RT-11, RT-14: how far back the interests' purpose may read behaviour (purposes[].lookBack). */
  lookBack?: string;
  weights: ReadonlyMap<string, number>;
};

export function interestParams(policy: Policy): InterestParams | null {
  const t = policy.tracking;
  if (!t) return null;
  const h = parseDuration(t.interestHalfLife ?? 'P30D');
  const lookBack = policy.purposes.find((p) => p.id === t.consentPurpose)?.lookBack;
  return {
    halfLifeDays: h.years * 365 + h.months * 30 + h.days + h.ms / DAY_MS,
    retention: t.retention,
    ...(lookBack ? { lookBack } : {}),
    weights: new Map(t.eventKinds.map((k) => [k.id, k.weight ?? 1])),
  };
}

/** The decayed weight of one event `ageDays` old. */
export const decayed = (weight: number, ageDays: number, halfLifeDays: number) =>
  weight * 0.5 ** (ageDays / halfLifeDays);

export const toScore = (sum: number) => 1 - Math.exp(-sum / SATURATION);

export function scoreInterests(
  params: InterestParams,
  events: readonly Signal[],
  now: Date,
  suppressed: ReadonlySet<string> = new Set(),
): Interest[] {
  const oldest = addDuration(now, params.retention, -1).getTime();
  const byTopic = new Map<string, Map<string, Contribution>>();
  for (const e of events) {
    const t = e.occurredAt.getTime();
    if (t <= oldest || t > now.getTime() || suppressed.has(e.topic)) continue;
    // RT-11, RT-14: as decide(): older than the purpose may look back feeds no interest.
    if (params.lookBack && addDuration(e.occurredAt, params.lookBack) <= now) continue;
    const w = params.weights.get(e.kind);
    if (w === undefined) continue;
    const kinds = byTopic.get(e.topic) ?? new Map<string, Contribution>();
    byTopic.set(e.topic, kinds);
    const c = kinds.get(e.kind) ?? { kind: e.kind, count: 0, lastAt: '', weight: 0 };
    c.count++;
    c.weight += decayed(w, (now.getTime() - t) / DAY_MS, params.halfLifeDays);
    const iso = e.occurredAt.toISOString();
    if (iso > c.lastAt) c.lastAt = iso;
    kinds.set(e.kind, c);
  }
  return [...byTopic]
    .map(([topic, kinds]) => {
      const all = [...kinds.values()];
      const sum = all.reduce((n, c) => n + c.weight, 0);
      const signals = all
        .sort((a, b) => b.weight - a.weight || a.kind.localeCompare(b.kind))
        .slice(0, TOP_SIGNALS)
        .map((c) => ({ ...c, weight: round(c.weight) }));
      return { topic, score: round(toScore(sum)), signals };
    })
    .sort((a, b) => b.score - a.score || a.topic.localeCompare(b.topic));
}

export const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** "Simulation run about pension: 3 times, last on 2026-06-10", in the person's language. */
export function explainSignals(
  policy: Policy,
  topic: string,
  signals: readonly Contribution[],
  language = 'en',
): string[] {
  const words = wordsIn(policy, language);
  return signals.map((s) => {
    const kind = policy.tracking?.eventKinds.find((k) => k.id === s.kind);
    const what = kind ? words.text(kind.description) : s.kind;
    return words.say('interests.signal', { what, topic, count: s.count, day: s.lastAt.slice(0, 10) });
  });
}

// ---- Propensity -------------------------------------------------------------------------

export const AGE_BANDS = [
  ['18-29', 18, 30],
  ['30-44', 30, 45],
  ['45-59', 45, 60],
  ['60+', 60, 200],
] as const;

/**
 * The purpose the offer model profiles under: the interests' (the tracking purpose, when it
 * profiles), or else the policy's first profiling purpose that requires a model. Undefined: the
 * policy declares no profiling, and offers are ranked by take-up alone.
 */
export function modelPurpose(policy: Policy): Purpose | undefined {
  const tracked = policy.tracking?.consentPurpose;
  return (
    policy.purposes.find((p) => p.id === tracked && p.profiling) ??
    policy.purposes.find((p) => p.profiling && p.model === 'required')
  );
}

/** The fields the categories of the model's purpose declare: the only ones it may read (Art. 5(1)(b)). */
function coveredFields(policy: Policy): Set<string> {
  const categories = new Set(modelPurpose(policy)?.categories ?? []);
  return new Set(
    policy.categories.filter((c) => categories.has(c.id)).flatMap((c) => c.fields.map((f) => f.name)),
  );
}

/** A postal code's first character, a coarse region in most numbering plans (IT 2xxxx, DE 8xxxx, BE 1xxx). */
const POSTAL_PREFIXES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export type FeatureInput = {
  interests: ReadonlyMap<string, number>;
  holdings: ReadonlySet<string>;
  birthDate: string | null;
  postalCode: string | null;
  /** The identity's country (ISO 3166-1); null is taken as the controller's. */
  country?: string | null;
};

/**
 * The model's features, from the policy alone: interest per tracked topic, each product held,
 * and, only where the model's purpose covers the field, the age band (birthDate) and the region:
 * the controller's country (controller.country) and the postal code's first character. A policy
 * that names no country, or whose profiling covers no postal code, gives no region.
 */
export function featureNames(policy: Policy): string[] {
  const topics = [...new Set(policy.tracking?.eventKinds.flatMap((k) => k.topics ?? []) ?? [])].sort();
  const covered = coveredFields(policy);
  const country = policy.controller.country;
  return [
    ...topics.map((t) => `interest:${t}`),
    ...(policy.products ?? []).map((p) => `holds:${p.id}`),
    ...(covered.has('birthDate') ? AGE_BANDS.map(([b]) => `age:${b}`) : []),
    ...(country && covered.has('postalCode') ? POSTAL_PREFIXES.map((d) => `region:${country}-${d}`) : []),
  ];
}

export type FeatureKind = 'interest' | 'holds' | 'age' | 'region';

/** The kinds of feature among `names`, in their order: what a ranking says it rests on. */
export function featureKinds(names: readonly string[]): FeatureKind[] {
  return [...new Set(names.map((n) => n.split(':')[0] as FeatureKind))];
}

/** What a ranking over `names` rests on, in `words`' language: "interests, products and region". */
export function rankingBasis(words: Pick<Words, 'say' | 'list'>, names: readonly string[]): string {
  return words.list(featureKinds(names).map((k) => words.say(`offers.basis.${k}` satisfies MessageId)));
}

export function features(names: readonly string[], f: FeatureInput, now: Date): number[] {
  const age = f.birthDate ? ageOn(f.birthDate, now) : null;
  const band = age === null ? null : AGE_BANDS.find(([, lo, hi]) => age >= lo && age < hi)?.[0];
  const prefix = f.postalCode?.trim()[0]?.toUpperCase() ?? null;
  return names.map((n) => {
    const [kind, value] = n.split(':') as [string, string];
    if (kind === 'interest') return f.interests.get(value) ?? 0;
    if (kind === 'holds') return f.holdings.has(value) ? 1 : 0;
    if (kind === 'age') return band === value ? 1 : 0;
    const [country, digit] = value.split('-');
    return (f.country ?? country) === country && prefix === digit ? 1 : 0;
  });
}

function ageOn(birthDate: string, now: Date): number {
  const b = new Date(`${birthDate}T00:00:00Z`);
  let age = now.getUTCFullYear() - b.getUTCFullYear();
  const m = now.getUTCMonth() - b.getUTCMonth();
  if (m < 0 || (m === 0 && now.getUTCDate() < b.getUTCDate())) age--;
  return age;
}

export type ProductModel = {
  product: string;
  bias: number;
  weights: number[];
  samples: number;
  positives: number;
};

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function predict(m: Pick<ProductModel, 'bias' | 'weights'>, x: readonly number[]): number {
  let z = m.bias;
  for (let i = 0; i < x.length; i++) z += (m.weights[i] ?? 0) * (x[i] as number);
  return sigmoid(z);
}

/** Logistic regression by batch gradient descent with L2, until converged; deterministic (zero start). */
export function trainLogistic(
  samples: readonly { x: readonly number[]; y: 0 | 1 }[],
  opts: { epochs?: number; rate?: number; l2?: number; tolerance?: number } = {},
): { bias: number; weights: number[] } {
  const epochs = opts.epochs ?? 400;
  const rate = opts.rate ?? 1;
  const l2 = opts.l2 ?? 1e-3;
  const d = samples[0]?.x.length ?? 0;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const n = samples.length;
  if (n === 0) return { bias: 0, weights: w };
  const grad = new Float64Array(d);
  for (let epoch = 0; epoch < epochs; epoch++) {
    grad.fill(0);
    let gb = 0;
    for (const s of samples) {
      const err = predict({ bias: b, weights: w }, s.x) - s.y;
      gb += err;
      for (let i = 0; i < d; i++) grad[i] = (grad[i] as number) + err * (s.x[i] as number);
    }
    b -= (rate * gb) / n;
    let largest = Math.abs(gb / n);
    for (let i = 0; i < d; i++) {
      const g = (grad[i] as number) / n + l2 * (w[i] as number);
      w[i] = (w[i] as number) - rate * g;
      largest = Math.max(largest, Math.abs(g));
    }
    // Converged: no weight would move by more than the tolerance.
    if (largest < (opts.tolerance ?? 1e-4)) break;
  }
  return { bias: b, weights: w };
}

/** The features that pushed a propensity up most, in plain words. */
export function explainPropensity(
  m: Pick<ProductModel, 'weights'>,
  names: readonly string[],
  x: readonly number[],
  words: Pick<Words, 'say'>,
  productName: (id: string) => string = (id) => id,
): string[] {
  return names
    .map((name, i) => ({ name, c: (m.weights[i] ?? 0) * (x[i] as number) }))
    .filter((f) => f.c > 0.05)
    .sort((a, b) => b.c - a.c)
    .slice(0, TOP_SIGNALS)
    .map((f) => {
      const [kind, value] = f.name.split(':') as [string, string];
      if (kind === 'interest') return words.say('offers.interest', { topic: value });
      if (kind === 'holds') return words.say('offers.holds', { product: productName(value) });
      if (kind === 'age') return words.say('offers.age', { band: value });
      const [country, prefix] = value.split('-') as [string, string];
      return words.say('offers.region', { prefix, country });
    });
}

// ---- Evaluation -------------------------------------------------------------------------

/** Area under the ROC curve: the chance a random positive outranks a random negative. */
export function auc(scored: readonly { score: number; y: 0 | 1 }[]): number {
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (
      j + 1 < sorted.length &&
      (sorted[j + 1] as { score: number }).score === (sorted[i] as { score: number }).score
    )
      j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if ((sorted[k] as { y: number }).y === 1) {
        rankSum += avgRank;
        positives++;
      }
    i = j + 1;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
