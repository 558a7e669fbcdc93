import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { previewOf } from '../../../test/support/campaigns.ts';
import { cappedPolicy } from '../../../test/support/capped-policy.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { chainAudit } from '../../audit/store.ts';
import { changeObjection, recordConsent } from '../../consent/consent.ts';
import { summarisePolicy } from '../../policy/summary.ts';
import { createSubject } from '../../subjects/subjects.ts';
import { changeSubscription } from '../../subscriptions/subscriptions.ts';

const who = { actor: 'test', role: 'admin' as const };

describe.each(BACKENDS)('communications on %s (retail bank: 1 a month, a target)', (backend) => {
  let t: TestApp;
  let sid: string;
  beforeAll(async () => {
    t = await testApp(backend);
    sid = t.customerId;
    for (const purpose of ['commercial-proposals', 'commercial-email'])
      await recordConsent(t.deps, sid, { purpose, state: 'given' }, who);
  });
  afterAll(() => t.dispose());

  const send = (body: object, role: 'marketer' | 'agent' = 'marketer', subject = sid) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${subject}/communications`,
      headers: t.as(role),
      payload: { contentRef: 'tpl-1', ...body },
    });
  const proposal = {
    purpose: 'commercial-proposals',
    messageClass: 'commercial',
    channel: 'postal-mail',
    sender: 'bank',
  };
  const ledger = async () =>
    (
      await t.deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM communications WHERE subject_id = $1',
        [sid],
      )
    ).rows[0]?.n;

  it('one commercial message a month across channels; the next is refused with cap.reached (BK-7)', async () => {
    const first = await send(proposal);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      counted: true,
      commercial: true,
      windowKey: '2026-06',
      overrideId: null,
    });
    const before = await ledger();
    const second = await send({ ...proposal, channel: 'email' });
    const body = expectProblem(second, 409, 'CAP_REACHED');
    expect(body.reasons).toEqual([{ code: 'cap.reached', text: expect.any(String) }]);
    expect(await ledger()).toBe(before);
  });

  it('the person reads their limit used up, and their messages in the notice’s words (BK-7)', async () => {
    const limits = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/limits`,
      headers: t.as('customer'),
    });
    expect(limits.json().messages).toEqual({
      window: 'calendar-month',
      windowKey: '2026-06',
      rollingWindow: null,
      windowStart: null,
      cap: { max: 1, used: 1, remaining: 0, mode: 'target' },
    });
    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/communications?language=fr`,
      headers: t.as('customer'),
    });
    expect(list.headers['content-language']).toBe('fr');
    expect(list.json().items.at(-1)).toMatchObject({
      channel: 'postal-mail',
      channelText: 'Courrier',
      messageClassText: 'Proposition commerciale',
      purposeText: "Proposer des produits et services bancaires et d'assurance",
      actor: 'controller',
    });
  });

  it('the person sees what was sent to them as sent by the controller, never a marketer’s key', async () => {
    const list = (role: 'customer' | 'dpo') =>
      t.app.inject({ method: 'GET', url: `/v1/subjects/${sid}/communications`, headers: t.as(role) });
    const mine = (await list('customer')).json().items as { actor: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((m) => m.actor === 'controller')).toBe(true);
    const audited = (await list('dpo')).json().items as { actor: string }[];
    expect(audited.every((m) => m.actor.startsWith('key:'))).toBe(true);
  });

  it('the target may be exceeded by an override that records who and why, audited', async () => {
    const res = await send({ ...proposal, override: { reason: 'mortgage rate lock expires Friday' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().overrideId).toEqual(expect.any(Number));
    await chainAudit(t.deps.db);
    const audit = await t.deps.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'communication.%' ORDER BY seq",
      [sid],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['communication.send', 'communication.override']);
  });

  it('subscriptions and banners never count; operational and legal messages are not commercial (BK-8, BK-9)', async () => {
    await changeSubscription(t.deps, sid, { topic: 'newsletter', action: 'subscribe' }, who);
    const newsletter = await send({
      purpose: 'subscriptions',
      messageClass: 'subscribed',
      subscription: 'newsletter',
      channel: 'email',
      sender: 'bank',
    });
    expect(newsletter.json()).toMatchObject({ counted: false, commercial: true });
    const banner = await send({
      ...proposal,
      messageClass: 'banner',
      channel: 'website-banner',
      identifiedSession: true,
    });
    expect(banner.json()).toMatchObject({ counted: false });
    const operational = await send({
      purpose: 'operational-messages',
      messageClass: 'operational',
      channel: 'postal-mail',
      sender: 'bank',
    });
    expect(operational.json()).toMatchObject({ counted: false, commercial: false });
  });

  it('a subscription is its own basis: the subscriber gets the newsletter by e-mail without marketing consent, until they unsubscribe (BK-8)', async () => {
    const reader = (
      await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test')
    ).id;
    const newsletter = {
      purpose: 'subscriptions',
      messageClass: 'subscribed',
      subscription: 'newsletter',
      channel: 'email',
      sender: 'bank',
    };
    const codes = async (body: object) =>
      (
        expectProblem(await send(body, 'marketer', reader), 422, 'SEND_REFUSED').reasons as { code: string }[]
      ).map((r) => r.code);
    expect(await codes(newsletter)).toEqual(['subscription.not-subscribed']);
    await changeSubscription(t.deps, reader, { topic: 'newsletter', action: 'subscribe' }, who);
    expect((await send(newsletter, 'marketer', reader)).json()).toMatchObject({
      counted: false,
      subscription: 'newsletter',
    });
    // The subscription is not marketing consent, and marketing consent is not a subscription.
    expect(await codes({ ...proposal, channel: 'email' })).toEqual([
      'consent.missing',
      'channel.requires_consent',
    ]);
    expect(await codes({ ...newsletter, subscription: 'magazine' })).toEqual(['subscription.not-subscribed']);
    expect(await codes({ ...newsletter, subscription: undefined })).toEqual(['subscription.missing']);
    expect(await codes({ ...newsletter, subscription: 'gossip' })).toEqual(['subscription.unknown']);
    await changeSubscription(t.deps, reader, { topic: 'newsletter', action: 'unsubscribe' }, who);
    expect(await codes(newsletter)).toEqual(['subscription.not-subscribed']);
    const consents = (
      await t.app.inject({ method: 'GET', url: `/v1/subjects/${reader}/consents`, headers: t.as('agent') })
    ).json().items as { purpose: string; state: string }[];
    expect(consents.every((c) => c.state === 'not-asked')).toBe(true);
  });

  it('a newsletter campaign reaches the subscribers of that newsletter only (BK-8)', async () => {
    const subscriber = (
      await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test')
    ).id;
    await changeSubscription(t.deps, subscriber, { topic: 'market-alerts', action: 'subscribe' }, who);
    const create = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/campaigns',
        headers: t.as('marketer'),
        payload: {
          name: 'alerts',
          contentRef: 'alert-1',
          audience: {},
          purpose: 'subscriptions',
          messageClass: 'subscribed',
          channel: 'email',
          sender: 'bank',
          ...body,
        },
      });
    const refused = expectProblem(await create({}), 422, 'CAMPAIGN_INVALID');
    expect((refused.reasons as { code: string }[]).map((r) => r.code)).toEqual(['subscription.missing']);
    const campaign = (await create({ subscription: 'market-alerts' })).json();
    expect(campaign.subscription).toBe('market-alerts');
    const preview = await previewOf(t, campaign.id);
    expect(preview.eligible).toBe(1);
    expect(preview.suppressed['subscription.not-subscribed']).toBe(preview.audience - 1);
  });

  it('refuses what the channel, class or sender forbid, naming the reason (BK-10, BK-11, BK-14)', async () => {
    const other = (
      await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test')
    ).id;
    await recordConsent(t.deps, other, { purpose: 'commercial-proposals', state: 'given' }, who);
    const code = async (body: object) =>
      (
        expectProblem(await send(body, 'marketer', other), 422, 'SEND_REFUSED').reasons as { code: string }[]
      ).map((r) => r.code);
    expect(await code({ ...proposal, messageClass: 'banner', channel: 'website-banner' })).toEqual([
      'channel.requires_login',
    ]);
    expect(await code({ ...proposal, channel: 'email' })).toEqual(['channel.requires_consent']);
    expect(await code({ ...proposal, sender: 'partner-broker' })).toEqual(['sender.not-allowed']);
    expect(await code({ ...proposal, messageClass: 'legal' })).toEqual(['class.not-allowed']);
    expect(await code({ ...proposal, messageClass: 'flyer' })).toEqual(['class.unknown']);
  });

  it('an objection to direct marketing stops proposals but not operational messages (BK-9)', async () => {
    const other = (
      await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test')
    ).id;
    await recordConsent(t.deps, other, { purpose: 'commercial-proposals', state: 'given' }, who);
    await changeObjection(t.deps, other, { kind: 'direct-marketing', action: 'raise' }, who);
    expectProblem(await send(proposal, 'marketer', other), 422, 'SEND_REFUSED');
    expect(
      (
        await send(
          {
            purpose: 'operational-messages',
            messageClass: 'operational',
            channel: 'postal-mail',
            sender: 'bank',
          },
          'marketer',
          other,
        )
      ).statusCode,
    ).toBe(201);
  });

  it('reports the month: 0/1/2+ per person, overrides, and whether the target was met (BK-7)', async () => {
    const report = (
      await t.app.inject({
        method: 'GET',
        url: '/v1/reports/communications?window=2026-06',
        headers: t.as('dpo'),
      })
    ).json();
    expect(report).toMatchObject({
      window: '2026-06',
      overrides: 1,
      overridesBy: [{ count: 1 }],
      // The one over the cap went over on purpose, with a recorded override: the target holds.
      cap: { max: 1, mode: 'target', subjectsOver: 1, subjectsOverUnexplained: 0, met: true },
    });
    expect(report.contacted.twiceOrMore).toBe(1);
    expect(report.contacted.none + report.contacted.once + report.contacted.twiceOrMore).toBe(
      report.subjects,
    );
  });

  it('an agent sees before a branch contact whether a proposal is allowed today (BK-12)', async () => {
    const other = (
      await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test')
    ).id;
    await recordConsent(t.deps, other, { purpose: 'commercial-proposals', state: 'given' }, who);
    const check = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/v1/subjects/${other}/contact-check?purpose=commercial-proposals&channel=branch&sender=bank`,
          headers: t.as('agent'),
        })
      ).json();
    expect(await check()).toMatchObject({
      allow: true,
      cap: { window: '2026-06', used: 0, max: 1, mode: 'target' },
    });
    expect((await send({ ...proposal, channel: 'branch' }, 'agent', other)).statusCode).toBe(201);
    expect(await check()).toMatchObject({
      allow: false,
      reasons: [{ code: 'cap.reached' }],
      cap: { used: 1 },
    });
  });
});

const energyMarketing = {
  purpose: 'marketing-customers',
  messageClass: 'commercial',
  channel: 'door-to-door',
  sender: 'energy-services',
  domain: 'solar-panels',
  contentRef: 'solar-2026',
};
const sendAs =
  (t: TestApp) =>
  (subject: string, body: object = energyMarketing) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${subject}/communications`,
      headers: t.as('marketer'),
      payload: body,
    });

// The energy notice states no cap: a copy of its policy adds a strict one to test strictness.
describe.each(BACKENDS)('communications on %s (energy with a strict cap added)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend, { policy: await cappedPolicy('policies/energy-services.yaml') });
  });
  afterAll(() => t.dispose());
  const send = (subject: string, body: object = energyMarketing) => sendAs(t)(subject, body);

  it('strict mode: concurrent senders never exceed the cap, and no override is possible', async () => {
    const sid = (await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test'))
      .id;
    const results = await Promise.all(Array.from({ length: 12 }, () => send(sid)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(2);
    expect(codes.filter((c) => c === 409)).toHaveLength(10);
    expectProblem(
      await send(sid, { ...energyMarketing, override: { reason: 'please' } }),
      422,
      'OVERRIDE_NOT_ALLOWED',
    );
    const used = await t.deps.db.query<{ used: number }>('SELECT used FROM cap_usage WHERE subject_id = $1', [
      sid,
    ]);
    expect(used.rows[0]?.used).toBe(2);
  });
});

describe.each(BACKENDS)('communications on %s (energy: no cap, former customers)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend, { policy: 'policies/energy-services.yaml' });
  });
  afterAll(() => t.dispose());
  const send = (subject: string, body: object = energyMarketing) => sendAs(t)(subject, body);

  it('the notice states no cap: commercial messages are never counted nor refused for a cap', async () => {
    const sid = (await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test'))
      .id;
    const results = await Promise.all(Array.from({ length: 4 }, () => send(sid)));
    for (const r of results) {
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ commercial: true, counted: false });
    }
    const check = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/contact-check?purpose=marketing-customers&channel=door-to-door&sender=energy-services&messageClass=commercial`,
      headers: t.as('agent'),
    });
    expect(check.json()).toMatchObject({ allow: true, cap: null });
    expectProblem(
      await send(sid, { ...energyMarketing, override: { reason: 'urgent' } }),
      422,
      'OVERRIDE_NOT_ALLOWED',
    );
    const counted = await t.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM cap_usage WHERE subject_id = $1',
      [sid],
    );
    expect(counted.rows[0]?.n).toBe(0);
    const report = await t.app.inject({
      method: 'GET',
      url: `/v1/reports/communications?window=${FIXED_NOW.toISOString().slice(0, 7)}`,
      headers: t.as('dpo'),
    });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ cap: null });
    expect(summarisePolicy(t.deps.policy)).toMatch(/Communications: no cap; senders energy-services/);
  });

  it('former customers: until 4 years after the contract ended, once a year, never after an objection (EN-10)', async () => {
    const former = async (endedDaysAgo: number) =>
      (
        await createSubject(
          t.deps,
          {
            lifecycle: 'former',
            customerSince: '2010-01-01',
            contractEndedOn: new Date(FIXED_NOW.getTime() - endedDaysAgo * 86_400_000)
              .toISOString()
              .slice(0, 10),
          },
          'test',
        )
      ).id;
    const atLimit = await former(365 * 4 + 1);
    const codes = async (r: Awaited<ReturnType<typeof send>>) =>
      (r.json().reasons as { code: string }[]).map((x) => x.code);
    expect(await codes(await send(atLimit))).toContain('former.window-ended');
    const within = await former(365 * 4 - 2);
    expect((await send(within)).statusCode).toBe(201);
    expect(await codes(await send(within))).toEqual(['former.too-soon']);
    const objecting = await former(100);
    await changeObjection(t.deps, objecting, { kind: 'direct-marketing', action: 'raise' }, who);
    expect(await codes(await send(objecting))).toContain('objection.marketing');
  });

  it('marketing stays within the listed domains (EN-6(c))', async () => {
    const sid = (await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test'))
      .id;
    const res = await send(sid, { ...energyMarketing, domain: 'life-insurance' });
    expect(
      (expectProblem(res, 422, 'SEND_REFUSED').reasons as { code: string }[]).map((r) => r.code),
    ).toEqual(['domain.not-allowed', 'domain.not-marketed']);
  });
});
