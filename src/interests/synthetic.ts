// A synthetic population with planted ground truth, for evaluating the interest and propensity
// models (`garde model eval`). Deterministic from a seed. Each person may have one true interest
// topic: most of their behaviour is about it, recent behaviour more so, and offers of products
// linked to it are taken up far more often.
import type { Policy } from '../policy/schema.ts';
import type { FeatureInput, Signal } from './model.ts';

export type SyntheticPerson = FeatureInput & {
  id: string;
  trueTopic: string | null;
  /** The product the planted interest points to, not already held: the right first offer. */
  bestProduct: string | null;
  events: Signal[];
  outcomes: { product: string; accepted: boolean }[];
};

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;

/** The planted truth: how likely an offer is taken up. Also the oracle the evaluation reports. */
export const acceptance = (best: boolean, related: boolean) => (best ? 0.6 : related ? 0.2 : 0.02);

export function synthesise(policy: Policy, n: number, now: Date, seed = 7): SyntheticPerson[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const kinds = policy.tracking?.eventKinds ?? [];
  const topics = [...new Set(kinds.flatMap((k) => k.topics ?? []))].sort();
  const products = policy.products ?? [];
  // Topic popularity is skewed (Zipf-like): a popularity baseline has something to find.
  const topicWeights = topics.map((_, i) => 1 / (i + 1));
  const total = topicWeights.reduce((a, b) => a + b, 0);
  const drawTopic = () => {
    let x = r() * total;
    for (let i = 0; i < topics.length; i++) {
      x -= topicWeights[i] as number;
      if (x <= 0) return topics[i] as string;
    }
    return topics[topics.length - 1] as string;
  };
  const out: SyntheticPerson[] = [];
  for (let i = 0; i < n; i++) {
    const trueTopic = r() < 0.85 ? drawTopic() : null;
    const holdings = new Set<string>();
    // A policy without products holds and offers nothing.
    for (let h = products.length > 0 ? Math.floor(r() * 3) : 0; h > 0; h--) holdings.add(pick(products).id);
    const linked = products.filter((p) => trueTopic && p.topics?.includes(trueTopic) && !holdings.has(p.id));
    const bestProduct = linked.length > 0 ? pick(linked).id : null;
    const events: Signal[] = [];
    for (let e = 5 + Math.floor(r() * 30); e > 0; e--) {
      const onTrue = trueTopic !== null && r() < 0.6;
      const kind = pick(kinds.filter((k) => !onTrue || k.topics?.includes(trueTopic as string)));
      const topic = onTrue ? (trueTopic as string) : pick(kind.topics ?? topics);
      // Planted interest is recent; background noise is spread over the year.
      const ageDays = onTrue ? -Math.log(1 - r()) * 45 : r() * 360;
      events.push({
        kind: kind.id,
        topic,
        occurredAt: new Date(now.getTime() - Math.min(ageDays, 360) * DAY_MS),
      });
    }
    const offered = new Set<string>();
    for (let o = 0; o < 4 && products.length > 0; o++) offered.add(pick(products).id);
    if (bestProduct && r() < 0.5) offered.add(bestProduct);
    const outcomes = [...offered]
      .filter((p) => !holdings.has(p))
      .map((product) => {
        const related =
          trueTopic !== null && !!products.find((p) => p.id === product)?.topics?.includes(trueTopic);
        const p = acceptance(product === bestProduct, related);
        return { product, accepted: r() < p };
      });
    const birthYear = now.getUTCFullYear() - 18 - Math.floor(r() * 70);
    out.push({
      id: `synthetic-${i}`,
      trueTopic,
      bestProduct,
      events,
      outcomes,
      interests: new Map(),
      holdings,
      birthDate: `${birthYear}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
      postalCode: `${1 + Math.floor(r() * 9)}000`,
    });
  }
  return out;
}
