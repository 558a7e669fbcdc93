// The only SQL of interests, suppressions, offer outcomes and models.
import type { Queryable } from '../platform/db/index.ts';
import type { TrainedModels, TrainingRow } from './evaluate.ts';
import type { Contribution } from './model.ts';

export type StoredInterest = { topic: string; score: number; signals: Contribution[]; scoredAt: Date };

export async function selectInterests(db: Queryable, subjectId: string): Promise<StoredInterest[]> {
  const r = await db.query<{ topic: string; score: number; signals: Contribution[]; scored_at: Date }>(
    'SELECT topic, score, signals, scored_at FROM interests WHERE subject_id = $1 ORDER BY score DESC, topic',
    [subjectId],
  );
  return r.rows.map((x) => ({
    topic: x.topic,
    score: Number(x.score),
    signals: x.signals,
    scoredAt: x.scored_at,
  }));
}

export async function suppressTopic(
  tx: Queryable,
  subjectId: string,
  topic: string,
  at: Date,
): Promise<boolean> {
  const r = await tx.query('DELETE FROM interests WHERE subject_id = $1 AND topic = $2', [subjectId, topic]);
  await tx.query(
    'INSERT INTO interest_suppressions (subject_id, topic, since) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [subjectId, topic, at],
  );
  return r.rowCount > 0;
}

export async function insertOutcome(
  tx: Queryable,
  o: {
    subjectId: string;
    product: string;
    accepted: boolean;
    at: Date;
    actor: string;
    features: Record<string, number>;
  },
): Promise<number> {
  const r = await tx.query<{ id: number }>(
    'INSERT INTO offer_outcomes (subject_id, product, accepted, offered_at, recorded_by, features) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [o.subjectId, o.product, o.accepted, o.at, o.actor, o.features],
  );
  return (r.rows[0] as { id: number }).id;
}

/**
 * Outcomes recorded with their features, one row each; older ones (without) per subject, with
 * the features the model reads today.
 */
export async function selectTrainingRows(db: Queryable): Promise<TrainingRow[]> {
  const snap = await db.query<{ product: string; accepted: boolean; features: Record<string, number> }>(
    'SELECT product, accepted, features FROM offer_outcomes WHERE features IS NOT NULL ORDER BY id',
  );
  const recorded: TrainingRow[] = snap.rows.map((x) => ({
    outcomes: [{ product: x.product, accepted: x.accepted }],
    snapshot: x.features,
    interests: new Map(),
    holdings: new Set(),
    birthDate: null,
    postalCode: null,
    country: null,
  }));
  return [...(await selectCurrentTrainingRows(db)), ...recorded];
}

async function selectCurrentTrainingRows(db: Queryable): Promise<TrainingRow[]> {
  const r = await db.query<{
    outcomes: { product: string; accepted: boolean }[];
    interests: Record<string, number> | null;
    holdings: string[] | null;
    birth_date: string | null;
    postal_code: string | null;
    country: string | null;
  }>(
    `SELECT o.outcomes, i.interests, h.holdings, id.birth_date, id.postal_code, id.country
     FROM (SELECT subject_id, jsonb_agg(jsonb_build_object('product', product, 'accepted', accepted)) AS outcomes
           FROM offer_outcomes WHERE features IS NULL GROUP BY subject_id) o
     LEFT JOIN (SELECT subject_id, jsonb_object_agg(topic, score) AS interests FROM interests GROUP BY subject_id) i ON i.subject_id = o.subject_id
     LEFT JOIN (SELECT subject_id, array_agg(DISTINCT product_code) AS holdings FROM holdings GROUP BY subject_id) h ON h.subject_id = o.subject_id
     LEFT JOIN identities id ON id.subject_id = o.subject_id
     ORDER BY o.subject_id`,
  );
  return r.rows.map((x) => ({
    outcomes: x.outcomes,
    interests: new Map(Object.entries(x.interests ?? {}).map(([k, v]) => [k, Number(v)])),
    holdings: new Set(x.holdings ?? []),
    birthDate: x.birth_date,
    postalCode: x.postal_code,
    country: x.country,
  }));
}

export type StoredModel = TrainedModels & { id: number; trainedAt: Date; metrics: Record<string, unknown> };

export async function insertModel(
  tx: Queryable,
  m: TrainedModels & { policyId: string; metrics: Record<string, unknown>; at: Date; actor: string },
): Promise<number> {
  const r = await tx.query<{ id: number }>(
    'INSERT INTO models (policy_id, trained_at, features, weights, metrics, trained_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [m.policyId, m.at, JSON.stringify(m.features), JSON.stringify(m.products), m.metrics, m.actor],
  );
  return (r.rows[0] as { id: number }).id;
}

export async function selectLatestModel(db: Queryable, policyId: string): Promise<StoredModel | null> {
  const r = await db.query<{
    id: number;
    trained_at: Date;
    features: string[];
    weights: TrainedModels['products'];
    metrics: Record<string, unknown>;
  }>(
    'SELECT id, trained_at, features, weights, metrics FROM models WHERE policy_id = $1 ORDER BY id DESC LIMIT 1',
    [policyId],
  );
  const m = r.rows[0];
  return m
    ? { id: m.id, trainedAt: m.trained_at, features: m.features, products: m.weights, metrics: m.metrics }
    : null;
}

export type SubjectFeatures = {
  interests: Map<string, number>;
  holdings: Set<string>;
  birthDate: string | null;
  postalCode: string | null;
  country: string | null;
  /** Not a feature: the language the answer is given in. */
  language: string | null;
};

export async function selectFeatures(db: Queryable, subjectId: string): Promise<SubjectFeatures> {
  const r = await db.query<{
    interests: Record<string, number> | null;
    holdings: string[] | null;
    birth_date: string | null;
    postal_code: string | null;
    country: string | null;
    language: string | null;
  }>(
    `SELECT (SELECT jsonb_object_agg(topic, score) FROM interests WHERE subject_id = $1) AS interests,
            (SELECT array_agg(DISTINCT product_code) FROM holdings WHERE subject_id = $1) AS holdings,
            i.birth_date, i.postal_code, i.country, i.language
     FROM (SELECT $1::uuid AS id) s LEFT JOIN identities i ON i.subject_id = s.id`,
    [subjectId],
  );
  const x = r.rows[0];
  return {
    interests: new Map(Object.entries(x?.interests ?? {}).map(([k, v]) => [k, Number(v)])),
    holdings: new Set(x?.holdings ?? []),
    birthDate: x?.birth_date ?? null,
    postalCode: x?.postal_code ?? null,
    country: x?.country ?? null,
    language: x?.language ?? null,
  };
}

/** A page of interest scores (`interestPageSql`): only subjects who may still be profiled. */
export async function selectInterestPage(
  db: Queryable,
  sql: string,
  q: { now: Date; purpose: string; after: string | null; limit: number },
): Promise<{ subjectId: string; interests: Record<string, number> }[]> {
  const r = await db.query<{ subject_id: string; interests: Record<string, number> }>(sql, [
    q.now,
    q.purpose,
    q.after,
    q.limit,
  ]);
  return r.rows.map((x) => ({ subjectId: x.subject_id, interests: x.interests }));
}
