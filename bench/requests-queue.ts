// The DPO's requests queue over 50,000 requests (issue 15), for `npm run bench -- web`: the queue
// API's first page (HTTP, a DPO key, JSON) beside the raw SQL reading the same rows in the same
// order from the same database, and the queue header's counts beside one raw count.
import { createKey } from '../src/keys/store.ts';
import type { Db } from '../src/platform/db/index.ts';
import { loadPolicyOrThrow } from '../src/runtime.ts';
import { seedRequests } from '../test/support/rights-queue-seed.ts';
import { type Figure, median } from './harness.ts';

export const QUEUE_REQUESTS = 50_000;
const PAGE = 50;

export type QueueBaseline = { key: string; rawPage: number; rawCount: number };

async function timed(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

/** Seeds the requests (set-based), makes a DPO key and times the raw SQL, before the server opens the store. */
export async function prepareQueue(db: Db, policyFile: string, rounds: number): Promise<QueueBaseline> {
  const policy = await loadPolicyOrThrow(policyFile);
  await seedRequests(db, policy, QUEUE_REQUESTS, new Date());
  const { key } = await createKey(db, { role: 'dpo' }, 'bench');
  const rawPage = await timed(rounds, () =>
    db.query('SELECT * FROM rights_requests WHERE closed_at IS NULL ORDER BY due_at, id LIMIT $1', [PAGE]),
  );
  const rawCount = await timed(rounds, () =>
    db.query('SELECT count(*) FROM rights_requests WHERE closed_at IS NULL'),
  );
  return { key, rawPage, rawCount };
}

/** Times the queue's first page and its counts through the API of the running server. */
export async function queueFigures(base: string, b: QueueBaseline, rounds: number): Promise<Figure[]> {
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${b.key}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const page = await timed(rounds, () => get(`/v1/rights-requests?limit=${PAGE}`));
  const counts = await timed(rounds, () => get('/v1/rights-requests/counts'));
  return [
    {
      metric: `requests queue, first page of ${PAGE} over ${QUEUE_REQUESTS.toLocaleString('en')} requests (median of ${rounds}; baseline: the same rows by raw SQL)`,
      value: page,
      unit: 'ms',
      baseline: b.rawPage,
      ratio: b.rawPage / page,
      goal: 'under 100 ms',
    },
    {
      metric: `requests queue, counts per urgency group over ${QUEUE_REQUESTS.toLocaleString('en')} (baseline: one raw count)`,
      value: counts,
      unit: 'ms',
      baseline: b.rawCount,
      ratio: b.rawCount / counts,
      goal: 'under 100 ms',
    },
  ];
}
