// The demo's behaviour, so the tour has something to show: consents from most customers, a year
// of identified browsing for those who agreed to it (planted interests, as in the model's
// evaluation), offer outcomes, then interests scored and an offer model trained. Set-based where
// the database can do it; events and outcomes go in by COPY. Between steps a stop signal is let
// in (platform/shutdown.ts), so stopping the first start does not wait for the whole seed.
import { selfService } from '../consent/model.ts';
import { rescore, trainFromOutcomes } from '../interests/interests.ts';
import { interestPurpose } from '../interests/sql.ts';
import { synthesise } from '../interests/synthetic.ts';
import type { Deps } from '../platform/deps.ts';
import { letSignalsIn } from '../platform/shutdown.ts';
import { preparePartitions } from '../tracking/tracking.ts';

export type BehaviourReport = {
  consents: number;
  events: number;
  outcomes: number;
  interests: number;
  model: boolean;
};

export async function seedBehaviour(deps: Deps, actor: string): Promise<BehaviourReport> {
  const { db, policy } = deps;
  const now = deps.now();
  let consents = 0;
  // 70% of customers agreed to each consent purpose (one channel for all), one to two years ago:
  // before the year of browsing below, which a consent must precede (BK-1, BK-16).
  for (const p of policy.purposes.filter((x) => x.legalBasis === 'consent' && !x.consent?.perChannel)) {
    const r = await db.query<{ n: number }>(
      `WITH e AS (
         INSERT INTO consent_events (subject_id, purpose, channel, state, actor, source, notice_version, recorded_at)
         SELECT id, $1, '', 'given', $2, $5, $3,
                $4::timestamptz - interval '1 year 1 day' - (abs(hashtext(id::text || $1)) % 365) * interval '1 day'
         FROM subjects WHERE lifecycle = 'customer' AND abs(hashtext(id::text || $1)) % 10 < 7
         RETURNING id, subject_id, recorded_at)
       , c AS (INSERT INTO consents (subject_id, purpose, channel, state, event_id, updated_at, given_since)
               SELECT subject_id, $1, '', 'given', id, recorded_at, recorded_at FROM e RETURNING 1)
       SELECT count(*)::int AS n FROM c`,
      [p.id, actor, policy.policy.version, now, selfService(policy) ?? 'api'],
    );
    consents += r.rows[0]?.n ?? 0;
    await letSignalsIn();
  }
  const profiling = interestPurpose(policy);
  if (!profiling) return { consents, events: 0, outcomes: 0, interests: 0, model: false };
  const people = (
    await db.query<{ id: string }>(
      'SELECT subject_id AS id FROM consents WHERE purpose = $1 ORDER BY subject_id',
      [profiling],
    )
  ).rows;
  await preparePartitions(deps);
  await letSignalsIn();
  const planted = synthesise(policy, people.length, now, 2026);
  const events: unknown[][] = [];
  const outcomes: unknown[][] = [];
  people.forEach(({ id }, i) => {
    const p = planted[i];
    if (!p) return;
    for (const e of p.events) events.push([id, e.occurredAt, e.kind, e.topic, e.occurredAt]);
    for (const o of p.outcomes) outcomes.push([id, o.product, o.accepted, now, actor]);
  });
  await letSignalsIn();
  await db.transaction(async (tx) => {
    await tx.copyIn('events', ['subject_id', 'occurred_at', 'kind', 'topic', 'received_at'], events);
    await tx.copyIn(
      'offer_outcomes',
      ['subject_id', 'product', 'accepted', 'offered_at', 'recorded_by'],
      outcomes,
    );
  });
  await letSignalsIn();
  const scored = await rescore(deps);
  await letSignalsIn();
  const model = people.length >= 20 ? await trainFromOutcomes(deps, actor).then(() => true) : false;
  return { consents, events: events.length, outcomes: outcomes.length, interests: scored.interests, model };
}
