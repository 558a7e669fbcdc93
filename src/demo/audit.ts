// The audit trail of the demo's history (issue 15): each person's creation, consent and offer
// outcome with the entry the API writes for it (subjects.ts createSubject, consent.ts
// recordConsent, interests.ts recordOutcome): the same action, the actor of the ledger row (the
// seed's), the same keyed digest of the same change. Set-based: one statement for the whole
// population, oldest first (a person's creation before what they did at the same instant), so a
// person's trail reads in the order things happened; the chainer
// (audit/store.ts chainAudit) links them into the hash chain like any other entries.
import { selfService } from '../consent/model.ts';
import type { Sealer } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { Policy } from '../policy/schema.ts';
import { demoConsents } from './consent-rates.ts';
import type { Population } from './population.ts';

/** Where the seed's rows of the ledgers begin: the ids they had at least. */
export type SeedMarks = { consents: number; outcomes: number };

/** The ids the seed's first rows of the consent and outcome ledgers will have at least. */
export async function markLedgers(db: Queryable): Promise<SeedMarks> {
  const r = await db.query<{ consents: string; outcomes: string }>(
    `SELECT (SELECT coalesce(max(id), 0) + 1 FROM consent_events) AS consents,
            (SELECT coalesce(max(id), 0) + 1 FROM offer_outcomes) AS outcomes`,
  );
  return { consents: Number(r.rows[0]?.consents ?? 1), outcomes: Number(r.rows[0]?.outcomes ?? 1) };
}

/** A generated row as a record of its columns; a sealed value (bytes) as its base64. */
const rowOf = (columns: readonly string[], row: readonly unknown[] | undefined) =>
  Object.fromEntries(
    columns.map((c, i) => {
      const v = row?.[i];
      return [c, Buffer.isBuffer(v) ? v.toString('base64') : (v ?? null)];
    }),
  );

/**
 * Writes the audit entries of what the seed wrote since `marks` under `actor`:
 * - `subject.create` per person, keyed digest of the rows written (they hold personal data),
 *   dated when the person came (`created_at`), or at their first consent when the demo dates
 *   that earlier (a trail never shows a consent before the person);
 * - `consent.given` per consent, when given, digest of {purpose, channel, state, source};
 * - `offer.outcome` per outcome, when offered, digest of {product, accepted}.
 * Returns how many it wrote.
 */
export async function auditSeedHistory(
  db: Queryable,
  d: { policy: Policy; sealer: Pick<Sealer, 'digest'> },
  population: Population,
  marks: SeedMarks,
  actor: string,
): Promise<number> {
  const subjects = population.find((t) => t.table === 'subjects');
  const identities = population.find((t) => t.table === 'identities');
  const identityOf = new Map(identities?.rows.map((r) => [r[0], r]) ?? []);
  const people = subjects?.rows ?? [];
  const creations = people.map((row) =>
    d.sealer.digest({
      subject: rowOf(subjects?.columns ?? [], row),
      ...(identities ? { identity: rowOf(identities.columns, identityOf.get(row[0])) } : {}),
    }),
  );
  const source = selfService(d.policy) ?? 'api';
  const consents = demoConsents(d.policy).flatMap((c) =>
    c.channels.map((channel) => ({ purpose: c.purpose, channel, state: 'given', source })),
  );
  const outcomes = (d.policy.products ?? []).flatMap((p) =>
    [true, false].map((accepted) => ({ product: p.id, accepted })),
  );
  const r = await db.query(
    `WITH people (id, digest) AS (SELECT * FROM unnest($1::uuid[], $2::text[])),
     consent_changes (purpose, channel, state, digest) AS (
       SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])),
     outcome_changes (product, accepted, digest) AS (
       SELECT * FROM unnest($7::text[], $8::boolean[], $9::text[])),
     history (at, k, action, subject_id, digest, n) AS (
       SELECT least(s.created_at, (SELECT min(e.recorded_at) FROM consent_events e
                                    WHERE e.subject_id = s.id AND e.id >= $10 AND e.actor = $12)),
              0, 'subject.create', s.id, p.digest, 0::bigint
         FROM people p JOIN subjects s ON s.id = p.id
       UNION ALL
       SELECT e.recorded_at, 1, 'consent.' || e.state, e.subject_id, c.digest, e.id
         FROM consent_events e
         JOIN consent_changes c ON c.purpose = e.purpose AND c.channel = e.channel AND c.state = e.state
        WHERE e.id >= $10 AND e.actor = $12 AND e.source = $13
       UNION ALL
       SELECT o.offered_at, 2, 'offer.outcome', o.subject_id, c.digest, o.id
         FROM offer_outcomes o JOIN outcome_changes c ON c.product = o.product AND c.accepted = o.accepted
        WHERE o.id >= $11 AND o.recorded_by = $12)
     INSERT INTO audit_pending (at, actor, action, subject_id, change_digest)
     SELECT at, $12, action, subject_id, digest FROM history ORDER BY at, k, n, subject_id`,
    [
      people.map((row) => row[0]),
      creations,
      consents.map((c) => c.purpose),
      consents.map((c) => c.channel),
      consents.map((c) => c.state),
      consents.map((c) => d.sealer.digest(c)),
      outcomes.map((c) => c.product),
      outcomes.map((c) => c.accepted),
      outcomes.map((c) => d.sealer.digest(c)),
      marks.consents,
      marks.outcomes,
      actor,
      source,
    ],
  );
  return r.rowCount;
}
