// Issue 16 (review of the campaign API): what a campaign names is checked against the policy in
// force before it counts anyone. An audience naming an id the policy does not declare, or a body
// of the wrong types, is refused at creation; a draft the policy no longer allows cannot be
// previewed nor its suppressions listed (422, as its send); the preview says whether the batch
// can be handed to its processor; a send the job refused keeps the decision point's reason codes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { BANK_PROPOSAL, consentingCustomers } from '../../../test/support/campaigns.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { policyVariant } from '../../../test/support/policy-variant.ts';
import { explain } from '../../decide/reasons.ts';
import type { Policy } from '../../policy/schema.ts';
import { loadPolicyOrThrow } from '../../runtime.ts';
import { drainQueue, queueCampaign } from '../campaign-queue.ts';
import { getCampaign } from '../campaigns.ts';

type Problem = {
  detail: string;
  errors: { in: string; path: string; message: string }[];
  valid: Record<string, string[]>;
  reasons: { code: string }[];
  language: string;
  recipient?: string;
  purpose?: string;
};
const problemOf = (...args: Parameters<typeof expectProblem>) => expectProblem(...args) as unknown as Problem;

describe.each(BACKENDS)('a campaign checked against the policy on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  let bank: Policy;
  let withoutBankSender: Policy;
  beforeAll(async () => {
    t = await testApp(backend);
    dir = await mkdtemp(join(tmpdir(), 'garde-campaign-input-'));
    t.deps.config.dataDir = dir;
    bank = t.deps.policy;
    // The policy changes under a draft: the bank may no longer send commercial proposals itself.
    withoutBankSender = await loadPolicyOrThrow(
      await policyVariant('policies/retail-bank.yaml', (doc) => {
        const p = doc.purposes.find((x: { id: string }) => x.id === 'commercial-proposals');
        p.senders = p.senders.filter((s: string) => s !== 'bank');
      }),
    );
    await consentingCustomers(t, 2, (i) => ({
      givenName: `Ines${i}`,
      familyName: 'Maes',
      phone: `+3247200000${i}`,
      street: 'Rue Haute 1',
      postalCode: '1000',
      city: 'Bruxelles',
      country: 'BE',
    }));
  }, 120_000);
  afterAll(async () => {
    t.deps.policy = bank;
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const create = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/v1/campaigns', headers: t.as('marketer'), payload });
  const draft = async (extra: object = {}) => {
    const res = await create({
      ...BANK_PROPOSAL,
      name: 'Draft',
      contentRef: 'draft',
      audience: { lifecycles: ['customer'] },
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const get = (url: string, headers: Record<string, string> = t.as('marketer')) =>
    t.app.inject({ method: 'GET', url, headers });

  it('an audience naming a product or theme the policy does not declare is 400, naming the field and the valid ids', async () => {
    const res = await create({
      ...BANK_PROPOSAL,
      name: 'Typo',
      contentRef: 'typo',
      audience: { holdings: ['mortgage', 'zzz'], themes: ['qqq'] },
    });
    const p = problemOf(res, 400, 'REQUEST_INVALID');
    expect(p.errors).toEqual([
      expect.objectContaining({ in: 'body', path: '/audience/holdings/1' }),
      expect.objectContaining({ in: 'body', path: '/audience/themes/0' }),
    ]);
    expect(p.valid['audience.holdings']).toContain('mortgage');
    expect(p.valid['audience.themes']).toEqual(bank.themes?.map((x) => x.id));
    expect(p.detail).toContain('"zzz" is not a product of the policy');
  });

  it('a body of the wrong types is refused, never coerced; a query string still is', async () => {
    const res = await create({
      ...BANK_PROPOSAL,
      name: 5,
      contentRef: true,
      priority: '7',
      audience: { lifecycles: ['customer'] },
    });
    const p = problemOf(res, 400, 'REQUEST_INVALID');
    expect(p.errors.map((e) => e.path).sort()).toEqual(['/contentRef', '/name', '/priority']);
    const listed = await get('/v1/campaigns?limit=1');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.length).toBeLessThanOrEqual(1);
  });

  it('a draft the policy in force no longer allows is 422 CAMPAIGN_INVALID to its preview and its suppressions, with the reasons', async () => {
    const id = await draft();
    expect((await get(`/v1/campaigns/${id}/preview`)).statusCode).toBe(200);
    t.deps.policy = withoutBankSender;
    try {
      for (const url of [`/v1/campaigns/${id}/preview`, `/v1/campaigns/${id}/suppressions`]) {
        const p = problemOf(
          await get(url, { ...t.as('marketer'), 'accept-language': 'en' }),
          422,
          'CAMPAIGN_INVALID',
        );
        expect(p.reasons.map((r) => r.code)).toEqual(['sender.not-allowed']);
        expect(p.language).toBe('en');
      }
    } finally {
      t.deps.policy = bank;
    }
  });

  it('the preview says whether the batch can be handed to its processor; a refused download names the processor and the purpose', async () => {
    const postal = await draft();
    expect((await get(`/v1/campaigns/${postal}/preview`)).json().batch).toEqual({
      recipient: 'mailing-processor',
      allowed: true,
      reasons: [],
    });
    const calls = await draft({
      channel: 'phone',
      purpose: 'commercial-email',
      name: 'Calls by e-mail purpose',
    });
    const batch = (await get(`/v1/campaigns/${calls}/preview`)).json().batch;
    expect(batch).toMatchObject({ recipient: 'outbound-call-processor', allowed: false });
    expect(batch.reasons.length).toBeGreaterThan(0);
    const sent = await t.app.inject({
      method: 'POST',
      url: `/v1/campaigns/${calls}/send`,
      headers: t.as('marketer'),
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const p = problemOf(await get(`/v1/campaigns/${calls}/batch`), 403, 'CAMPAIGN_BATCH_REFUSED');
    expect(p.detail).toContain('"outbound-call-processor"');
    expect(p.detail).toContain('"commercial-email"');
    expect(p).toMatchObject({ recipient: 'outbound-call-processor', purpose: 'commercial-email' });
    expect(p.reasons.map((r) => r.code)).toEqual(batch.reasons);
  });

  it('a queued campaign the policy refuses goes back to draft with the reason codes and an English message', async () => {
    const id = await draft({ name: 'Refused later' });
    await queueCampaign(t.deps, id, 'key:marketer');
    t.deps.policy = withoutBankSender;
    try {
      await drainQueue(t.deps);
    } finally {
      t.deps.policy = bank;
    }
    const c = await getCampaign(t.deps, id);
    expect(c.status).toBe('draft');
    expect(c.sendFailure).toMatchObject({ code: 'CAMPAIGN_INVALID', reasons: ['sender.not-allowed'] });
    const res = await get(`/v1/campaigns/${id}`);
    expect(res.json().sendFailure.reasons).toEqual(['sender.not-allowed']);
    // In English whatever the policy's first language: a console words `reasons` itself.
    expect(res.json().sendFailure.message).toBe(explain('sender.not-allowed'));
    expect(res.json().sendFailure.message).toBe('This entity may not make proposals');
  });
});
