// Many rights requests at once, set-based (one INSERT ... SELECT FROM generate_series), for the
// queue's load test and its bench: spread over the two months before `now`, every right and
// channel of the policy, about a third closed. No person behind them (subject_id NULL, as after
// an erasure): the queue reads the requests only.
import type { Queryable } from '../../src/platform/db/index.ts';
import type { Policy } from '../../src/policy/schema.ts';

export async function seedRequests(db: Queryable, policy: Policy, count: number, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO rights_requests (subject_pseudonym, kind, channel, status, received_at, due_at, closed_at, created_by)
     SELECT gen_random_uuid(), ($2::text[])[1 + i % cardinality($2::text[])],
            ($3::text[])[1 + (i / 7) % cardinality($3::text[])],
            CASE WHEN i % 3 = 0 THEN 'completed' WHEN i % 3 = 1 THEN 'received' ELSE 'verified' END,
            r, r + interval '1 month', CASE WHEN i % 3 = 0 THEN r + interval '10 days' END, 'seed'
       FROM generate_series(1, $1::int) AS i,
            LATERAL (SELECT $4::timestamptz - (i % 60) * interval '1 day' - (i % 86400) * interval '1 second' AS r) AS t`,
    [count, policy.rights.supported, policy.rights.channels.map((c) => c.id), now],
  );
  await db.query('ANALYZE rights_requests');
}
