// `npm run bench -- decide`: decisions per second in-process and through POST /v1/decisions,
// each beside the raw database evaluating the same rule in the same run.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { subjectStates } from '../src/consent/consent.ts';
import { decide } from '../src/decide/decide.ts';
import type { DecisionRequest, SubjectState } from '../src/decide/types.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { createKey } from '../src/keys/store.ts';
import { loadConfig } from '../src/platform/config.ts';
import { sealer } from '../src/platform/crypto.ts';
import type { Db } from '../src/platform/db/index.ts';
import { loadPolicyOrThrow } from '../src/runtime.ts';
import { stop } from '../test/support/cli.ts';
import type { Bench, Figure } from './harness.ts';
import { median, startBenchServer } from './harness.ts';
import { paced, percentile } from './load.ts';

const SUBJECTS = 10_000;
const HTTP_RATE = 5_000;
const HTTP_SECONDS = 10;

const QUESTIONS: DecisionRequest[] = [
  { purpose: 'web-personalisation' },
  { purpose: 'commercial-proposals', action: 'contact', channel: 'postal-mail', sender: 'bank' },
  { purpose: 'commercial-proposals', action: 'contact', channel: 'email', sender: 'bank-insurance' },
  {
    purpose: 'commercial-proposals',
    action: 'contact',
    channel: 'website-banner',
    sender: 'bank',
    identifiedSession: true,
  },
  { purpose: 'themes' },
];

// The same rule as decide() for web-personalisation, written as one set-based statement.
const SQL_RULE = `
  SELECT count(*) FILTER (WHERE allow)::int AS allowed, count(*)::int AS total FROM (
    SELECT s.controller = 'self' AND s.lifecycle = 'customer' AND c.state IS NOT DISTINCT FROM 'given'
      AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.subject_id = s.id AND r.purpose IN ('', 'web-personalisation'))
      AND NOT EXISTS (SELECT 1 FROM objections o WHERE o.subject_id = s.id AND o.kind = 'profiling' AND o.purpose IN ('', 'web-personalisation'))
      AS allow
    FROM subjects s LEFT JOIN consents c ON c.subject_id = s.id AND c.purpose = 'web-personalisation' AND c.channel = ''
  ) x`;

async function populate(db: Db): Promise<string[]> {
  const config = loadConfig();
  const policy = await loadPolicyOrThrow(config.policyFile);
  await seedDemo({ config, db, policy, sealer: sealer(randomBytes(32)), now: () => new Date() }, SUBJECTS);
  for (const purpose of ['web-personalisation', 'commercial-proposals', 'commercial-email']) {
    await db.query(
      `INSERT INTO consents (subject_id, purpose, channel, state, event_id, updated_at, given_since)
       SELECT id, $1, '', st, 0, now(), CASE WHEN st = 'given' THEN now() - interval '2 years' END
       FROM (SELECT id, (ARRAY['given', 'given', 'refused', 'withdrawn'])[1 + abs(hashtext(id::text || $1)) % 4] AS st FROM subjects) x`,
      [purpose],
    );
  }
  await db.query(
    `INSERT INTO objections SELECT id, 'profiling', '', now(), 0 FROM subjects WHERE abs(hashtext(id::text)) % 10 = 0`,
  );
  await db.query(
    `INSERT INTO restrictions SELECT id, '', 'bench', now(), 0 FROM subjects WHERE abs(hashtext(id::text)) % 50 = 0`,
  );
  return (await db.query<{ id: string }>('SELECT id FROM subjects ORDER BY id')).rows.map((r) => r.id);
}

function inProcess(
  policy: Awaited<ReturnType<typeof loadPolicyOrThrow>>,
  states: SubjectState[],
  n: number,
): number {
  const now = new Date();
  let allowed = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (
      decide(
        policy,
        states[i % states.length] as SubjectState,
        QUESTIONS[i % QUESTIONS.length] as DecisionRequest,
        now,
      ).allow
    )
      allowed++;
  }
  const seconds = (performance.now() - t0) / 1000;
  if (allowed < 0) throw new Error('unreachable');
  return n / seconds;
}

async function sqlRate(db: Db): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await db.query(SQL_RULE);
    times.push(performance.now() - t0);
  }
  return SUBJECTS / (median(times) / 1000);
}

async function loadAndDecideRate(
  db: Db,
  policy: Awaited<ReturnType<typeof loadPolicyOrThrow>>,
  ids: string[],
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const states = await subjectStates({ db }, ids);
    const now = new Date();
    for (const id of ids)
      decide(policy, states.get(id) as SubjectState, { purpose: 'web-personalisation' }, now);
    times.push(performance.now() - t0);
  }
  return ids.length / (median(times) / 1000);
}

export const decideBench: Bench = {
  name: 'decide',
  description: 'decisions/s in-process and through POST /v1/decisions (p50/p99) vs the same rule in SQL',
  async run(ctx) {
    const { db, env } = await ctx.freshStore();
    const config = loadConfig();
    const policy = await loadPolicyOrThrow(config.policyFile);
    const ids = await populate(db);
    const states = [...(await subjectStates({ db }, ids)).values()];
    inProcess(policy, states, 200_000); // warm-up: let the JIT settle
    const perSecond = median([1, 2, 3].map(() => inProcess(policy, states, 2_000_000)));
    const sql = await sqlRate(db);
    const bulk = await loadAndDecideRate(db, policy, ids);

    // Raw database doing one request's work at the HTTP rate: read one subject's state.
    const one = await paced(HTTP_RATE, HTTP_SECONDS, 32, (i) =>
      subjectStates({ db }, [ids[i % ids.length] as string]),
    );
    const agentKey = (await createKey(db, { role: 'agent' }, 'bench')).key;
    if (ctx.backend === 'pglite') await db.close();

    const server = await startBenchServer(env, config.policyFile);
    let http: autocannon.Result;
    try {
      const bodies = ids
        .slice(0, 1000)
        .map((subjectId, i) =>
          JSON.stringify({ questions: [{ subjectId, ...QUESTIONS[i % QUESTIONS.length] }] }),
        );
      let k = 0;
      http = await autocannon({
        url: `${server.url}/v1/decisions`,
        method: 'POST',
        connections: 32,
        duration: HTTP_SECONDS,
        overallRate: HTTP_RATE,
        headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: bodies[k++ % bodies.length] }) }],
      });
    } finally {
      await stop(server.child);
    }
    const failed = http.non2xx + http.errors + http.timeouts;
    const figures: Figure[] = [
      {
        metric: 'decide() in-process (5 question kinds)',
        value: perSecond,
        unit: 'decisions/s',
        baseline: sql,
        ratio: perSecond / sql,
        goal: '>= 1,000,000/s',
      },
      {
        metric: `load ${SUBJECTS} states + decide, one purpose`,
        value: bulk,
        unit: 'decisions/s',
        baseline: sql,
        ratio: bulk / sql,
        goal: 'ratio >= 0.5',
      },
      {
        metric: `HTTP POST /v1/decisions achieved rate (${failed} failed)`,
        value: http.requests.average,
        unit: 'req/s',
        baseline: one.achievedRate,
        ratio: http.requests.average / one.achievedRate,
        goal: `${HTTP_RATE} req/s`,
      },
      {
        metric: 'HTTP p50 latency',
        value: http.latency.p50,
        unit: 'ms',
        baseline: percentile(one.latencies, 50),
        ratio: percentile(one.latencies, 50) / Math.max(http.latency.p50, 0.001),
        goal: '-',
      },
      {
        metric: 'HTTP p99 latency',
        value: http.latency.p99,
        unit: 'ms',
        baseline: percentile(one.latencies, 99),
        ratio: percentile(one.latencies, 99) / Math.max(http.latency.p99, 0.001),
        goal: '< 5 ms',
      },
    ];
    return figures;
  },
};
