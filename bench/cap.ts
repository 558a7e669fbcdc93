// `npm run bench -- cap [subjects]`: the cap's reservations one at a time (through the API and
// in-process) beside the raw single-statement SQL, and a campaign over a large population
// (preview, send) beside raw set-based SQL doing the same selection and reservation.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { type Campaign, createCampaign, previewCampaign, sendCampaign } from '../src/comms/campaigns.ts';
import { sendMessage } from '../src/comms/comms.ts';
import { windowKey } from '../src/comms/model.ts';
import { createKey } from '../src/keys/store.ts';
import { loadConfig } from '../src/platform/config.ts';
import { sealer } from '../src/platform/crypto.ts';
import type { Db } from '../src/platform/db/index.ts';
import { loadPolicyOrThrow } from '../src/runtime.ts';
import { stop } from '../test/support/cli.ts';
import type { Bench, Figure } from './harness.ts';
import { populateCustomers, startBenchServer } from './harness.ts';

const SINGLE = 4_000;
const CONCURRENCY = 16;
// Distinct subjects for the API run, so no send meets a full window (the cap is 1 a month).
const API_SUBJECTS = 60_000;
const API_SECONDS = 5;

async function populate(db: Db, n: number): Promise<void> {
  await populateCustomers(db, n, { consentPurpose: 'commercial-proposals', objection: 'direct-marketing' });
  await db.query('ANALYZE');
}

/** Requests per second against one route for API_SECONDS, by the wall clock; any non-2xx fails. */
async function rate(
  url: string,
  key: string,
  setup: (req: autocannon.Request) => autocannon.Request,
): Promise<number> {
  const t0 = performance.now();
  const result = await autocannon({
    url,
    connections: CONCURRENCY,
    // A duration, not an amount: autocannon ends `amount` runs on whole-second ticks.
    duration: API_SECONDS,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: setup }],
  });
  if (result.non2xx > 0)
    throw new Error(`${result.non2xx} requests failed: ${JSON.stringify(result.statusCodeStats)}`);
  // autocannon's own duration is in whole seconds: use the wall clock.
  return result.requests.total / ((performance.now() - t0) / 1000);
}

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

const RAW_RESERVE = `INSERT INTO cap_usage (subject_id, window_key, used) VALUES ($1, $2, 1)
  ON CONFLICT (subject_id, window_key) DO UPDATE SET used = cap_usage.used + 1 WHERE cap_usage.used < $3 RETURNING used`;

// The campaign's rule by hand: consenting, no objection, no restriction, room under the cap.
const RAW_AUDIENCE = `
  SELECT s.id FROM subjects s JOIN consents c ON c.subject_id = s.id AND c.purpose = 'commercial-proposals' AND c.channel = '' AND c.state = 'given'
  WHERE s.lifecycle = 'customer' AND s.controller = 'self'
    AND NOT EXISTS (SELECT 1 FROM objections o WHERE o.subject_id = s.id AND o.kind = 'direct-marketing')
    AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.subject_id = s.id)
    AND NOT EXISTS (SELECT 1 FROM cap_usage u WHERE u.subject_id = s.id AND u.window_key = $1 AND u.used >= 1)`;

export const capBench: Bench = {
  name: 'cap',
  description: 'cap reservations (API, in-process) and a large campaign (preview, send) vs raw SQL',
  async run(ctx) {
    const subjects = Number(ctx.args[0] ?? 1_000_000);
    const config = loadConfig();
    const policy = await loadPolicyOrThrow(config.policyFile);
    const cap = policy.communications?.cap;
    if (!cap) throw new Error('the policy has no cap');
    const { db, env } = await ctx.freshStore();
    await populate(db, subjects);
    const ids = (
      await db.query<{ id: string }>('SELECT subject_id AS id FROM consents LIMIT $1', [
        2 * SINGLE + API_SUBJECTS,
      ])
    ).rows.map((r) => r.id);
    const window = windowKey(cap, new Date());
    const deps = {
      config: { ...config, dataDir: '/tmp/garde-bench-outbound' },
      db,
      policy,
      sealer: sealer(randomBytes(32)),
      now: () => new Date(),
    };
    const body = {
      purpose: 'commercial-proposals',
      channel: 'postal-mail',
      messageClass: 'commercial',
      sender: 'bank',
      contentRef: 'bench',
    };

    const raw = await pool(SINGLE, CONCURRENCY, (i) => db.query(RAW_RESERVE, [ids[i], window, cap.max]));
    const inProcess = await pool(SINGLE, CONCURRENCY, (i) =>
      sendMessage(deps, { ...body, subjectId: ids[SINGLE + i] as string }, 'bench'),
    );

    // Campaign over everyone: preview, then send, each beside raw SQL doing the same.
    const campaign: Campaign = await createCampaign(
      deps,
      { name: 'bench', ...body, audience: { lifecycles: ['customer'] } },
      'bench',
    );
    let t = performance.now();
    const preview = await previewCampaign(deps, campaign.id);
    const previewMs = performance.now() - t;
    t = performance.now();
    await db.query(`SELECT count(*) FROM (${RAW_AUDIENCE}) x`, [window]);
    const rawPreviewMs = performance.now() - t;
    t = performance.now();
    const sent = await sendCampaign(deps, campaign.id, 'bench');
    const sendMs = performance.now() - t;
    t = performance.now();
    await db
      .transaction(async (tx) => {
        await tx.query(
          `WITH e AS (${RAW_AUDIENCE}),
         r AS (INSERT INTO cap_usage (subject_id, window_key, used) SELECT id, $2, 1 FROM e
               ON CONFLICT (subject_id, window_key) DO UPDATE SET used = cap_usage.used + 1 WHERE cap_usage.used < 2 RETURNING subject_id)
         INSERT INTO communications (subject_id, purpose, channel, message_class, commercial, counted, window_key, content_ref, actor, sent_at)
         SELECT subject_id, 'commercial-proposals', 'postal-mail', 'commercial', true, true, $2, 'raw', 'raw', now() FROM r`,
          // Raw baseline runs after the send, so it counts up to 2 per window to find the same audience.
          [window.replace(/./, '0'), window],
        );
        throw Object.assign(new Error('rollback'), { rollback: true });
      })
      .catch((e) => {
        if (!(e as { rollback?: boolean }).rollback) throw e;
      });
    const rawSendMs = performance.now() - t;

    const key = (await createKey(db, { role: 'marketer' }, 'bench')).key;
    // The campaign filled everyone's window: free the API run's subjects again.
    await db.query('DELETE FROM cap_usage WHERE subject_id = ANY($1::uuid[])', [ids.slice(2 * SINGLE)]);
    if (ctx.backend === 'pglite') await db.close();
    const server = await startBenchServer(env, config.policyFile);
    let api: number;
    let check: number;
    try {
      const payload = JSON.stringify(body);
      let k = 0;
      api = await rate(server.url, key, (req) => ({
        ...req,
        method: 'POST',
        path: `/v1/subjects/${ids[2 * SINGLE + (k++ % API_SUBJECTS)]}/communications`,
        body: payload,
      }));
      // The floor under any send: the same decision over HTTP, without the write.
      let j = 0;
      check = await rate(server.url, key, (req) => ({
        ...req,
        method: 'GET',
        path: `/v1/subjects/${ids[2 * SINGLE + (j++ % API_SUBJECTS)]}/contact-check?purpose=commercial-proposals&channel=postal-mail&sender=bank&messageClass=commercial`,
      }));
    } finally {
      await stop(server.child);
    }
    const figures: Figure[] = [
      {
        metric: `single reservation through POST .../communications (${CONCURRENCY} concurrent)`,
        value: api,
        unit: 'sends/s',
        baseline: raw,
        ratio: api / raw,
        goal: 'ratio >= 0.5',
      },
      {
        metric: `the same decision without the write, GET .../contact-check (${CONCURRENCY} concurrent)`,
        value: check,
        unit: 'checks/s',
        baseline: raw,
        ratio: check / raw,
        goal: '-',
      },
      {
        metric: 'single reservation in-process (decide + reserve + ledger + audit)',
        value: inProcess,
        unit: 'sends/s',
        baseline: raw,
        ratio: inProcess / raw,
        goal: '-',
      },
      {
        metric: `campaign preview over ${subjects.toLocaleString('en-US')} subjects (${preview.eligible} eligible)`,
        value: previewMs,
        unit: 'ms',
        baseline: rawPreviewMs,
        ratio: rawPreviewMs / previewMs,
        goal: '< 2,000 ms',
      },
      {
        metric: `campaign send (${sent.sent} reserved, ledger, outbound file)`,
        value: sendMs,
        unit: 'ms',
        baseline: rawSendMs,
        ratio: rawSendMs / sendMs,
        goal: '-',
      },
    ];
    return figures;
  },
};
