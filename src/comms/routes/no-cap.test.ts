// A notice that states no cap on commercial messages (issue 13): Garde invents none. Every path
// that knows the cap copes: a single send, a contact check, a campaign's preview and send, the
// monthly report and `garde policy show`. The consent, objection and channel rules still hold.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { createAndSend, previewOf } from '../../../test/support/campaigns.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { policyVariant } from '../../../test/support/policy-variant.ts';
import { recordConsent } from '../../consent/consent.ts';
import { summarisePolicy } from '../../policy/summary.ts';

const who = { actor: 'test', role: 'admin' as const };
const proposal = {
  purpose: 'commercial-proposals',
  messageClass: 'commercial',
  channel: 'postal-mail',
  sender: 'bank',
};

describe.each(BACKENDS)('a policy that states no cap, on %s', (backend) => {
  let t: TestApp;
  let sid: string;
  beforeAll(async () => {
    const policy = await policyVariant('policies/retail-bank.yaml', (doc) => {
      delete doc.communications.cap;
      // Its classes need not say whether they count: there is nothing to count toward.
      for (const c of doc.communications.messageClasses) delete c.countsTowardCap;
    });
    t = await testApp(backend, { policy });
    t.deps.config.dataDir = await mkdtemp(join(tmpdir(), 'garde-no-cap-'));
    sid = t.customerId;
    await recordConsent(t.deps, sid, { purpose: 'commercial-proposals', state: 'given' }, who);
  });
  afterAll(() => t.dispose());

  const send = (body: object) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${sid}/communications`,
      headers: t.as('marketer'),
      payload: { contentRef: 'tpl-1', ...proposal, ...body },
    });

  it('sends two commercial messages to one person in one month: no cap, nothing counted', async () => {
    const first = await send({});
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ commercial: true, counted: false, windowKey: '2026-06' });
    // The person is told there is no limit, and which month their messages are listed by.
    const limits = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/limits`,
      headers: t.as('customer'),
    });
    expect(limits.json().messages).toMatchObject({
      window: 'calendar-month',
      windowKey: '2026-06',
      cap: null,
    });
    const second = await send({ channel: 'phone' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ commercial: true, counted: false });
  });

  it('a contact check says there is no cap, and still applies every other rule', async () => {
    const check = (query: string) =>
      t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${sid}/contact-check?${query}`,
        headers: t.as('agent'),
      });
    const allowed = await check('purpose=commercial-proposals&channel=postal-mail&sender=bank');
    expect(allowed.json()).toEqual({
      allow: true,
      reasons: [expect.objectContaining({ code: 'consent.given' })],
      cap: null,
    });
    const email = await check('purpose=commercial-proposals&channel=email&sender=bank');
    expect(email.json()).toMatchObject({ allow: false, cap: null });
    expect(email.json().reasons.map((r: { code: string }) => r.code)).not.toContain('cap.reached');
  });

  it('an override is refused: there is no cap to exceed', async () => {
    const res = await send({ override: { reason: 'urgent' } });
    expect(expectProblem(res, 422, 'OVERRIDE_NOT_ALLOWED').detail).toContain('no cap');
  });

  it('a campaign is previewed and sent twice in a month to the same person, never suppressed for a cap', async () => {
    const body = { name: 'Spring', audience: {}, contentRef: 'tpl-2', ...proposal };
    const first = await createAndSend(t, body);
    const second = await createAndSend(t, { ...body, name: 'Summer' });
    for (const sent of [first, second]) {
      expect(sent.sent).toBeGreaterThanOrEqual(1);
      expect(sent.suppressed).not.toHaveProperty(['cap.reached']);
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: t.as('marketer'),
      payload: { ...body, name: 'Autumn' },
    });
    expect((await previewOf(t, created.json().id)).suppressed).not.toHaveProperty(['cap.reached']);
    const counted = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cap_usage');
    expect(counted.rows[0]?.n).toBe(0);
  });

  it('the monthly report counts commercial messages and says there is no cap', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/reports/communications?window=2026-06',
      headers: t.as('dpo'),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ cap: null, contacted: { twiceOrMore: expect.any(Number) } });
    expect(res.json().contacted.twiceOrMore).toBeGreaterThanOrEqual(1);
    const year = await t.app.inject({
      method: 'GET',
      url: '/v1/reports/communications?window=2026',
      headers: t.as('dpo'),
    });
    expect(expectProblem(year, 400, 'REQUEST_INVALID').detail).toContain('states no cap');
  });

  it('garde policy show says there is no cap', () => {
    expect(summarisePolicy(t.deps.policy)).toMatch(/Communications: no cap; senders /);
  });
});
