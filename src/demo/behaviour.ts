// The demo's behaviour, so the tour has something to show: consents at the rate each purpose
// would get (consent-rates.ts), a year of identified browsing for those who agreed to it where
// the policy tracks (planted interests, as in the model's evaluation), offer outcomes where it
// has products, then interests scored and an offer model trained. Set-based where
// the database can do it; events and outcomes go in by COPY. Between steps a stop signal is let
// in (platform/shutdown.ts), so stopping the first start does not wait for the whole seed.
import { selfService } from '../consent/model.ts';
import { rescore, trainFromOutcomes } from '../interests/interests.ts';
import { interestPurpose } from '../interests/sql.ts';
import { synthesise } from '../interests/synthetic.ts';
import type { Deps } from '../platform/deps.ts';
import { letSignalsIn } from '../platform/shutdown.ts';
import { preparePartitions } from '../tracking/tracking.ts';
import { type DemoConsent, demoConsents } from './consent-rates.ts';

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
  for (const consent of demoConsents(policy)) {
    for (const channel of consent.channels) {
      consents += await giveConsents(deps, consent, channel, actor);
      await letSignalsIn();
    }
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
  // Offers are of products: a policy without any has no outcomes to learn from.
  const offers = (policy.products ?? []).length > 0;
  const events: unknown[][] = [];
  const outcomes: unknown[][] = [];
  people.forEach(({ id }, i) => {
    const p = planted[i];
    if (!p) return;
    for (const e of p.events) events.push([id, e.occurredAt, e.kind, e.topic, e.occurredAt]);
    if (offers) for (const o of p.outcomes) outcomes.push([id, o.product, o.accepted, now, actor]);
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
  const model = people.length >= 20 && offers ? await trainFromOutcomes(deps, actor).then(() => true) : false;
  return { consents, events: events.length, outcomes: outcomes.length, interests: scored.interests, model };
}

/**
 * The people asked (the purpose's lifecycles, or everyone) who agree, at the purpose's rate,
 * one to two years ago: before the year of browsing, which a consent must precede (BK-1,
 * BK-16). Who agrees is drawn from hashes, set-based and the same on every run: half of a
 * person's choices follow their one openness draw, half are drawn per purpose and channel, so
 * choices go together as people's do (who accepts the most asked-of also tends to accept the
 * less), and each purpose still gets its rate. The notice was read in the person's language where the policy keeps it, else in
 * the policy's first.
 */
async function giveConsents(
  deps: Deps,
  consent: DemoConsent,
  channel: string,
  actor: string,
): Promise<number> {
  const r = await deps.db.query<{ n: number }>(
    `WITH e AS (
       INSERT INTO consent_events (subject_id, purpose, channel, state, actor, source, notice_version, notice_language, recorded_at)
       SELECT s.id, $1, $2, 'given', $3, $9, $4, coalesce(i.language, $8),
              $5::timestamptz - interval '1 year 1 day' - (abs(hashtext(s.id::text || $1)) % 365) * interval '1 day'
       FROM subjects s LEFT JOIN identities i ON i.subject_id = s.id
       WHERE ($6::text[] IS NULL OR s.lifecycle = ANY ($6::text[]))
         AND (CASE WHEN abs(hashtext(s.id::text || $1 || $2 || '/follows')) % 2 = 0
                   THEN abs(hashtext(s.id::text)) % 100
                   ELSE abs(hashtext(s.id::text || $1 || $2)) % 100 END) < $7
       RETURNING id, subject_id, recorded_at)
     , c AS (INSERT INTO consents (subject_id, purpose, channel, state, event_id, updated_at, given_since)
             SELECT subject_id, $1, $2, 'given', id, recorded_at, recorded_at FROM e RETURNING 1)
     SELECT count(*)::int AS n FROM c`,
    [
      consent.purpose,
      channel,
      actor,
      deps.policy.policy.version,
      deps.now(),
      consent.lifecycles,
      consent.rate,
      deps.policy.policy.languages[0],
      // Given where the person acts themselves: the policy's own interface, else Garde's API.
      selfService(deps.policy) ?? 'api',
    ],
  );
  return r.rows[0]?.n ?? 0;
}
