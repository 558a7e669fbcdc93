// `npm run bench -- ingest`: events/s through POST /v1/events (gate included, 1,000-event
// batches from concurrent clients) beside a raw COPY of the same rows into the same table.
import { randomBytes } from 'node:crypto';
import { seedDemo } from '../src/demo/seed.ts';
import { createKey } from '../src/keys/store.ts';
import { loadConfig } from '../src/platform/config.ts';
import { sealer } from '../src/platform/crypto.ts';
import { loadPolicyOrThrow } from '../src/runtime.ts';
import { ensurePartitions } from '../src/tracking/store.ts';
import { stop } from '../test/support/cli.ts';
import type { Bench } from './harness.ts';
import { startBenchServer } from './harness.ts';

const SUBJECTS = 10_000;
const BATCH = 1_000;
const CLIENTS = 8;
const BATCHES_PER_CLIENT = 20;
const KINDS: [string, string][] = [
  ['dossier-visited', 'vacances'],
  ['information-consulted', 'habitation'],
  ['simulation-run', 'pension'],
  ['procedure-abandoned', 'credit-auto'],
];

type Row = { subjectId: string; kind: string; topic: string; occurredAt: string; props: { page: number } };

function batches(ids: string[], count: number): Row[][] {
  const now = Date.now();
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: BATCH }, () => {
      const [kind, topic] = KINDS[Math.floor(rand() * KINDS.length)] as [string, string];
      return {
        subjectId: ids[Math.floor(rand() * ids.length)] as string,
        kind,
        topic,
        occurredAt: new Date(now - Math.floor(rand() * 30 * 86_400_000)).toISOString(),
        props: { page: Math.floor(rand() * 20) },
      };
    }),
  );
}

export const ingestBench: Bench = {
  name: 'ingest',
  description: 'events/s through POST /v1/events (gate included) vs raw COPY of the same rows',
  async run(ctx) {
    const config = loadConfig();
    const policy = await loadPolicyOrThrow(config.policyFile);
    const { db, env } = await ctx.freshStore();
    await seedDemo({ config, db, policy, sealer: sealer(randomBytes(32)), now: () => new Date() }, SUBJECTS);
    await ensurePartitions(db, 'P1Y', new Date());
    // 80% of subjects consent to behaviour tracking; the rest are dropped by the gate.
    await db.query(
      `INSERT INTO consents (subject_id, purpose, channel, state, event_id, updated_at, given_since)
       SELECT id, 'web-personalisation', '', 'given', 0, now(), now() - interval '2 years' FROM subjects WHERE lifecycle = 'customer' AND abs(hashtext(id::text)) % 5 <> 0`,
    );
    const ids = (await db.query<{ id: string }>('SELECT id FROM subjects ORDER BY id')).rows.map((r) => r.id);
    const work = batches(ids, CLIENTS * BATCHES_PER_CLIENT);
    const total = work.length * BATCH;

    // Baseline: the same rows, COPY'd straight into the same table, no gate.
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      for (const b of work)
        await tx.copyIn(
          'events',
          ['subject_id', 'occurred_at', 'kind', 'topic', 'props'],
          b.map((e) => [e.subjectId, e.occurredAt, e.kind, e.topic, e.props]),
        );
    });
    const copyRate = total / ((performance.now() - t0) / 1000);
    await db.query('TRUNCATE events');
    const key = (await createKey(db, { role: 'processor' }, 'bench')).key;
    if (ctx.backend === 'pglite') await db.close();

    const server = await startBenchServer(env, config.policyFile);
    let accepted = 0;
    let seconds: number;
    try {
      const bodies = work.map((b) => JSON.stringify(b));
      const t1 = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let i = c; i < bodies.length; i += CLIENTS) {
            const res = await fetch(`${server.url}/v1/events`, {
              method: 'POST',
              headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
              body: bodies[i],
            });
            if (!res.ok) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
            accepted += ((await res.json()) as { accepted: number }).accepted;
          }
        }),
      );
      seconds = (performance.now() - t1) / 1000;
    } finally {
      await stop(server.child);
    }
    const apiRate = total / seconds;
    return [
      {
        metric: `POST /v1/events, ${CLIENTS} clients x ${BATCH}-event batches (${Math.round((100 * accepted) / total)}% accepted)`,
        value: apiRate,
        unit: 'events/s',
        baseline: copyRate,
        ratio: apiRate / copyRate,
        goal: 'ratio >= 0.5',
      },
    ];
  },
};
