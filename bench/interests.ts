// `npm run bench -- interests [subjects] [eventsPerSubject]`: rescoring everyone's interests
// from a year of behaviour, set-based, beside the raw SQL computing the same decayed sums per
// subject and topic into a plain table (no gate, no explanations, no upsert).

import { rescore } from '../src/interests/interests.ts';
import { interestParams } from '../src/interests/model.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Db } from '../src/platform/db/index.ts';
import { loadPolicyOrThrow } from '../src/runtime.ts';
import { type Bench, populateCustomers } from './harness.ts';

async function populate(db: Db, subjects: number, perSubject: number, now: Date): Promise<number> {
  await populateCustomers(db, subjects, { consentPurpose: 'web-personalisation', objection: 'profiling' });
  await db.query("SELECT garde_ensure_event_partitions(($1::timestamptz - interval '13 months')::date, 15)", [
    now,
  ]);
  await db.query('CREATE TEMP TABLE bench_ids AS SELECT row_number() OVER () AS n, id FROM subjects');
  const kinds = ['dossier-visited', 'information-consulted', 'simulation-run', 'procedure-abandoned'];
  const topics = ['vacances', 'habitation', 'pension', 'epargne', 'credit-auto', 'assurance'];
  const total = subjects * perSubject;
  await db.query(
    `INSERT INTO events (subject_id, occurred_at, kind, topic, received_at)
     SELECT b.id, $3::timestamptz - ((g * 7919) % 360) * interval '1 day' - (g % 86400) * interval '1 second',
            ($4::text[])[1 + (g % 4)::int], ($5::text[])[1 + ((g / 7) % 6)::int], now()
     FROM generate_series(1, $1::bigint) g JOIN bench_ids b ON b.n = 1 + (g % $2)`,
    [total, subjects, now, kinds, topics],
  );
  await db.query('ANALYZE');
  return total;
}

export const interestsBench: Bench = {
  name: 'interests',
  description: 'rescoring every subject from a year of events, set-based, vs the raw aggregation',
  async run(ctx) {
    const subjects = Number(ctx.args[0] ?? 1_000_000);
    const perSubject = Number(ctx.args[1] ?? 10);
    const config = loadConfig();
    const policy = await loadPolicyOrThrow(config.policyFile);
    const params = interestParams(policy);
    if (!params) throw new Error(`${policy.policy.id} records no behaviour`);
    const db = await ctx.freshDb();
    const now = new Date();
    const t0 = performance.now();
    const events = await populate(db, subjects, perSubject, now);
    console.error(
      `loaded ${events.toLocaleString('en-US')} events in ${Math.round((performance.now() - t0) / 1000)} s`,
    );

    const weights = [...params.weights].map(([k, w]) => `('${k}', ${w}::float8)`).join(', ');
    let t = performance.now();
    await db.query(
      `CREATE TABLE raw_scores AS
       SELECT e.subject_id, e.topic,
              1 - exp(-sum(w.weight * power(0.5::float8, extract(epoch FROM ($1::timestamptz - e.occurred_at)) / 86400 / ${params.halfLifeDays})) / 3) AS score
       FROM events e JOIN (VALUES ${weights}) w(kind, weight) ON w.kind = e.kind
       WHERE e.occurred_at > $1::timestamptz - interval '1 year'
       GROUP BY e.subject_id, e.topic`,
      [now],
    );
    const rawMs = performance.now() - t;
    t = performance.now();
    const run = await rescore({ db, policy, now: () => now });
    const ms = performance.now() - t;
    // A second run rewrites every score in place: the daily steady state.
    t = performance.now();
    await rescore({ db, policy, now: () => now });
    const againMs = performance.now() - t;
    const per = (x: number) => subjects / (x / 1000);
    return [
      {
        metric: `rescoring ${subjects.toLocaleString('en-US')} subjects, ${events.toLocaleString('en-US')} events (${run.subjects.toLocaleString('en-US')} allowed, ${run.interests.toLocaleString('en-US')} interests)`,
        value: per(ms),
        unit: 'subjects/s',
        baseline: per(rawMs),
        ratio: rawMs / ms,
        goal: '-',
      },
      {
        metric: 'the next day: rescoring over existing scores (upserts)',
        value: per(againMs),
        unit: 'subjects/s',
        baseline: per(rawMs),
        ratio: rawMs / againMs,
        goal: '-',
      },
    ];
  },
};
