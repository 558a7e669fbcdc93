// BK-7, the send job (issue 15): a queued campaign whose send keeps failing never holds the
// queue. One the policy in force no longer allows goes back to draft at once, with the problem's
// code and message on it, and the job sends the next; one that fails for a reason outside it is
// tried again after a growing wait while the others go, and after a bounded number of tries
// goes back to draft too.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { BANK_PROPOSAL } from '../../../test/support/campaigns.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { policyVariant } from '../../../test/support/policy-variant.ts';
import { recordConsent } from '../../consent/consent.ts';
import type { Policy } from '../../policy/schema.ts';
import { loadPolicyOrThrow } from '../../runtime.ts';
import { createSubject } from '../../subjects/subjects.ts';
import { drainQueue, queueCampaign } from '../campaign-queue.ts';
import { getCampaign } from '../campaigns.ts';
import { MAX_SEND_ATTEMPTS, RETRY_AFTER_MS } from '../send-failures.ts';

const who = { actor: 'test', role: 'admin' as const };
// More people than a failing send has tries: each try sends one chunk of one before it fails.
const PEOPLE = 6;

describe.each(BACKENDS)('a failing send in the queue on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  let bank: Policy;
  let withoutPhone: Policy;
  let clock = new Date('2027-02-10T09:00:00Z');
  beforeAll(async () => {
    t = await testApp(backend);
    dir = await mkdtemp(join(tmpdir(), 'garde-queue-'));
    t.deps.config.dataDir = dir;
    bank = t.deps.policy;
    // The policy changes under a queued campaign: its channel is gone.
    withoutPhone = await loadPolicyOrThrow(
      await policyVariant('policies/retail-bank.yaml', (doc) => {
        doc.communications.channels = doc.communications.channels.filter(
          (c: { id: string }) => c.id !== 'phone',
        );
      }),
    );
    for (let i = 0; i < PEOPLE; i++) {
      const { id } = await createSubject(
        t.deps,
        {
          lifecycle: 'customer',
          customerSince: '2020-01-01',
          identity: { givenName: `Noor${i}`, familyName: 'Peeters', phone: `+3247100000${i}`, city: 'Gent' },
        },
        'test',
      );
      await recordConsent(t.deps, id, { purpose: 'commercial-proposals', state: 'given' }, who);
    }
    t.deps.now = () => clock;
  }, 120_000);
  afterAll(async () => {
    t.deps.policy = bank;
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const create = async (name: string, channel: string, priority: number) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: t.as('marketer'),
      payload: {
        ...BANK_PROPOSAL,
        channel,
        name,
        contentRef: name,
        priority,
        audience: { lifecycles: ['customer'] },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const queue = async (id: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/campaigns/${id}/send`,
      headers: { ...t.as('marketer'), prefer: 'respond-async' },
    });
    expect(res.statusCode, res.body).toBe(202);
  };
  const read = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/v1/campaigns/${id}`, headers: t.as('marketer') })).json();

  it('a campaign the policy no longer allows goes back to draft with the reason, and the next queued campaign is sent', async () => {
    clock = new Date('2027-02-10T09:00:00Z');
    const first = await create('Calls', 'phone', 90);
    const second = await create('Letters', 'postal-mail', 10);
    await queueCampaign(t.deps, first, 'key:marketer');
    await queueCampaign(t.deps, second, 'key:marketer');
    // The policy changes while they wait: the phone channel is gone.
    t.deps.policy = withoutPhone;
    try {
      expect(await drainQueue(t.deps)).toBe(1);
    } finally {
      t.deps.policy = bank;
    }
    const failed = await read(first);
    expect(failed.status).toBe('draft');
    expect(failed.sendFailure).toEqual({
      code: 'CAMPAIGN_INVALID',
      message: 'the policy in force declares no channel "phone"',
      reasons: [],
      at: clock.toISOString(),
    });
    const sent = await read(second);
    expect(sent.status).toBe('sent');
    expect(sent.result.sent).toBe(PEOPLE);
    // The list shows it too, for the console's campaign list.
    const listed = (
      await t.app.inject({ method: 'GET', url: '/v1/campaigns?status=draft', headers: t.as('marketer') })
    ).json();
    expect(listed.items.find((c: { id: string }) => c.id === first)?.sendFailure?.code).toBe(
      'CAMPAIGN_INVALID',
    );
  });

  it('queued under a policy that already dropped its channel, the first fails to draft and the second is sent in the same run', async () => {
    clock = new Date('2027-04-10T09:00:00Z');
    const first = await create('Calls again', 'phone', 90);
    const second = await create('Letters again', 'postal-mail', 10);
    // Queued straight into the database, as a job left them: the routes would refuse the first now.
    await t.deps.db.query(
      `UPDATE campaigns SET status = 'queued', queued_at = $2, queued_by = 'key:marketer', processed = 0 WHERE id = ANY($1::uuid[])`,
      [[first, second], clock],
    );
    t.deps.policy = withoutPhone;
    try {
      expect(await drainQueue(t.deps)).toBe(1);
      const failed = await getCampaign(t.deps, first);
      expect(failed.status).toBe('draft');
      expect(failed.sendFailure).toMatchObject({ code: 'CAMPAIGN_INVALID' });
      expect(failed.sendFailure?.message).toContain('phone');
      expect((await getCampaign(t.deps, second)).status).toBe('sent');
      // Queued again, it is refused at once rather than fail in the job.
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: `/v1/campaigns/${first}/send`,
          headers: { ...t.as('marketer'), prefer: 'respond-async' },
        }),
        422,
        'CAMPAIGN_INVALID',
      );
    } finally {
      t.deps.policy = bank;
    }
    // Once the policy allows it again it is queued, the reason goes, and it is sent.
    await queue(first);
    expect((await read(first)).sendFailure).toBeNull();
    await drainQueue(t.deps);
    expect((await read(first)).status).toBe('sent');
  });

  it('a send failing for a reason outside the campaign waits, longer each time, while the next is sent; after the last try it is a draft', async () => {
    clock = new Date('2027-06-10T09:00:00Z');
    const first = await create('Flaky', 'phone', 90);
    const second = await create('Steady', 'postal-mail', 10);
    await t.deps.db.query(
      `UPDATE campaigns SET status = 'queued', queued_at = $2, queued_by = 'key:marketer', processed = 0 WHERE id = ANY($1::uuid[])`,
      [[first, second], clock],
    );
    const broken = new Error('connection terminated unexpectedly');
    // The disk or the database fails whenever the first is being sent (after its first chunk).
    const opts = {
      chunk: 1,
      afterChunk: async () => {
        if ((await getCampaign(t.deps, first)).status === 'sending') throw broken;
      },
    };
    expect(await drainQueue(t.deps, opts)).toBe(1);
    expect((await getCampaign(t.deps, second)).status).toBe('sent');
    const waits: number[] = [];
    for (let i = 1; i < MAX_SEND_ATTEMPTS; i++) {
      const row = (
        await t.deps.db.query<{ status: string; retry_at: Date; send_attempts: number }>(
          'SELECT status, retry_at, send_attempts FROM campaigns WHERE id = $1',
          [first],
        )
      ).rows[0];
      expect(row).toMatchObject({ status: 'queued', send_attempts: i });
      waits.push(new Date(row?.retry_at as Date).getTime() - clock.getTime());
      // Not due yet: a run now sends nothing and leaves it waiting.
      expect(await drainQueue(t.deps, opts)).toBe(0);
      expect((await getCampaign(t.deps, first)).status).toBe('queued');
      clock = new Date(new Date(row?.retry_at as Date).getTime());
      expect(await drainQueue(t.deps, opts)).toBe(0);
    }
    expect(waits).toEqual([1, 2, 4, 8].map((k) => k * RETRY_AFTER_MS));
    const failed = await read(first);
    expect(failed.status).toBe('draft');
    // The driver's words are not kept: they may quote a value of a row.
    expect(failed.sendFailure).toMatchObject({ code: 'CAMPAIGN_SEND_FAILED' });
    expect(failed.sendFailure.message).not.toContain('connection terminated');
  });

  // The batch's folder cannot be made: a file stands where it should be.
  const blockBatch = async (id: string) => {
    await mkdir(join(dir, 'outbound'), { recursive: true });
    await writeFile(join(dir, 'outbound', id), 'x');
  };
  const ledger = async (id: string) =>
    (
      await t.deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM communications WHERE campaign_id = $1',
        [id],
      )
    ).rows[0]?.n;

  it('a campaign whose batch cannot be written is never sent without it: 503, still resumable, and the retry writes it without reaching anyone twice', async () => {
    clock = new Date('2027-08-10T09:00:00Z');
    const id = await create('Unwritable', 'postal-mail', 50);
    await blockBatch(id);
    expectProblem(
      await t.app.inject({ method: 'POST', url: `/v1/campaigns/${id}/send`, headers: t.as('marketer') }),
      503,
      'CAMPAIGN_BATCH_NOT_WRITTEN',
    );
    const waiting = await read(id);
    expect(waiting).toMatchObject({ status: 'queued', result: null, sentAt: null });
    expect(await ledger(id)).toBe(PEOPLE);
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/v1/campaigns/${id}/batch`, headers: t.as('dpo') }),
      409,
      'CAMPAIGN_NOT_SENT',
    );
    // The disk is repaired; the job's retry, 30 s later, writes the batch and marks it sent.
    await rm(join(dir, 'outbound', id));
    expect(await drainQueue(t.deps)).toBe(0);
    clock = new Date(clock.getTime() + RETRY_AFTER_MS);
    expect(await drainQueue(t.deps)).toBe(1);
    const sent = await read(id);
    expect(sent.status).toBe('sent');
    expect(sent.result).toMatchObject({ eligible: PEOPLE, sent: PEOPLE });
    expect(sent.result.file).toBe(`outbound/${id}/postal-mail.csv`);
    expect(await ledger(id)).toBe(PEOPLE);
    const batch = await t.app.inject({
      method: 'GET',
      url: `/v1/campaigns/${id}/batch`,
      headers: t.as('dpo'),
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.body.trim().split('\n')).toHaveLength(PEOPLE + 1);
  });

  it('queued, a campaign whose batch is never written goes back to draft with CAMPAIGN_SEND_FAILED after the last try; queued again once repaired, it is sent with its first counts', async () => {
    clock = new Date('2027-10-10T09:00:00Z');
    const id = await create('Unwritable queued', 'postal-mail', 50);
    await blockBatch(id);
    await queue(id);
    await drainQueue(t.deps);
    for (let i = 1; i < MAX_SEND_ATTEMPTS; i++) {
      const c = await getCampaign(t.deps, id);
      expect(c.status).toBe('queued');
      expect(c.result).toBeNull();
      clock = new Date(clock.getTime() + RETRY_AFTER_MS * 2 ** (i - 1));
      expect(await drainQueue(t.deps)).toBe(0);
    }
    const failed = await read(id);
    expect(failed).toMatchObject({ status: 'draft', result: null });
    expect(failed.sendFailure.code).toBe('CAMPAIGN_SEND_FAILED');
    expect(await ledger(id)).toBe(PEOPLE);
    await rm(join(dir, 'outbound', id));
    await queue(id);
    await drainQueue(t.deps);
    const sent = await read(id);
    expect(sent.status).toBe('sent');
    expect(sent.result).toMatchObject({ eligible: PEOPLE, sent: PEOPLE });
    expect(await ledger(id)).toBe(PEOPLE);
  });
});
