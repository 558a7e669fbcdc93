// Consent per channel and Global Privacy Control, from the outside (issue 11 items 1 and 4):
// one rule (src/decide/consent.ts) answers the same in decisions, contact checks, sends,
// campaigns, the consent list and the receipt. BK-11, BK-16, EN-9, EN-11.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { createAndSend } from '../../../test/support/campaigns.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { createKey } from '../../keys/store.ts';
import { createSubject } from '../../subjects/subjects.ts';

type Headers = Record<string, string | string[]>;
type Answer = { allow: boolean; reasons: { code: string }[] };

describe.each(BACKENDS)('consent per channel and GPC on %s (retail bank)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend);
  });
  afterAll(() => t.dispose());

  /** A customer with a key of their own. */
  const person = async () => {
    const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
    const key = (await createKey(t.deps.db, { role: 'customer', subjectId: s.id }, 'test')).key;
    return { id: s.id, auth: { authorization: `Bearer ${key}` } };
  };
  const consent = (id: string, body: object, headers: Headers = t.as('agent')) =>
    t.app.inject({ method: 'POST', url: `/v1/subjects/${id}/consents`, headers, payload: body });
  const email = {
    purpose: 'commercial-proposals',
    channel: 'email',
    messageClass: 'commercial',
    sender: 'bank',
  };
  const check = async (id: string, q: Record<string, string> = email) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${id}/contact-check?${new URLSearchParams(q)}`,
        headers: t.as('agent'),
      })
    ).json() as Answer;
  const ask = async (id: string, question: object) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/v1/decisions',
        headers: t.as('agent'),
        payload: { questions: [{ subjectId: id, ...question }] },
      })
    ).json().answers[0] as Answer;
  const send = (id: string, body: object = email) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/communications`,
      headers: t.as('marketer'),
      payload: { contentRef: 'tpl', ...body },
    });
  const list = async (id: string, headers: Headers = t.as('agent')) =>
    (await t.app.inject({ method: 'GET', url: `/v1/subjects/${id}/consents`, headers })).json().items as {
      purpose: string;
      channel: string;
      state: string;
      underGpc?: boolean;
    }[];
  const codes = (a: Answer) => a.reasons.map((r) => r.code);

  it('an e-mail unsubscribe after a purpose-wide consent stops e-mail at once, on every path (BK-11)', async () => {
    const p = await person();
    await consent(p.id, { purpose: 'commercial-proposals', state: 'given' });
    await consent(p.id, { purpose: 'commercial-email', state: 'given' });
    expect((await check(p.id)).allow).toBe(true);
    const unsubscribe = await consent(p.id, {
      purpose: 'commercial-email',
      channel: 'email',
      state: 'withdrawn',
    });
    expect(unsubscribe.statusCode).toBe(201);
    expect(codes(await check(p.id))).toEqual(['channel.requires_consent']);
    expect(codes(await ask(p.id, { ...email, action: 'contact' }))).toEqual(['channel.requires_consent']);
    expect(
      codes(
        await ask(p.id, {
          purpose: 'commercial-email',
          action: 'contact',
          channel: 'email',
          messageClass: 'commercial',
          sender: 'bank',
        }),
      ),
    ).toEqual(['consent.withdrawn', 'channel.requires_consent']);
    expectProblem(await send(p.id), 422, 'SEND_REFUSED');
    // Other channels keep the purpose-wide answer.
    expect((await check(p.id, { ...email, channel: 'postal-mail' })).allow).toBe(true);
    expect(await list(p.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'commercial-email', channel: '', state: 'given' }),
        expect.objectContaining({ purpose: 'commercial-email', channel: 'email', state: 'withdrawn' }),
      ]),
    );
  });

  it('asked without a channel, a purpose holds only if it holds on a channel that carries it (BK-11, BK-15)', async () => {
    const p = await person();
    await consent(p.id, { purpose: 'commercial-email', state: 'given' });
    await consent(p.id, { purpose: 'commercial-email', channel: 'email', state: 'withdrawn' });
    // The mailing processor would get the address for a purpose e-mail alone carries.
    const disclose = {
      purpose: 'commercial-email',
      action: 'disclose',
      recipient: 'mailing-processor',
      fields: ['email'],
    };
    expect(codes(await ask(p.id, disclose))).toEqual(['consent.withdrawn']);
    expect(codes(await ask(p.id, { ...disclose, channel: 'email' }))).toEqual(['consent.withdrawn']);
    // E-mail consent on the phone is none: the channel does not carry the purpose.
    const phone = await consent(p.id, { purpose: 'commercial-email', channel: 'phone', state: 'given' });
    expect(expectProblem(phone, 422, 'CONSENT_INVALID').detail).toContain('does not carry');
    await consent(p.id, { purpose: 'commercial-email', channel: 'email', state: 'given' });
    expect((await ask(p.id, disclose)).allow).toBe(true);
  });

  it('a consent given for the e-mail channel alone is enough for e-mail, and for nothing else (BK-11)', async () => {
    const p = await person();
    await consent(p.id, { purpose: 'commercial-proposals', state: 'given' });
    await consent(p.id, { purpose: 'commercial-email', channel: 'email', state: 'given' });
    expect((await check(p.id)).allow).toBe(true);
    expect((await send(p.id)).statusCode).toBe(201);
    const byPost = {
      purpose: 'commercial-email',
      action: 'contact',
      channel: 'postal-mail',
      messageClass: 'commercial',
      sender: 'bank',
    };
    expect(codes(await ask(p.id, byPost))).toEqual(['consent.missing']);
  });

  it('a purpose-wide withdrawal covers every channel; a later channel consent wins for its channel (BK-16)', async () => {
    const p = await person();
    await consent(p.id, { purpose: 'commercial-proposals', state: 'given' });
    await consent(p.id, { purpose: 'commercial-email', channel: 'email', state: 'given' });
    await consent(p.id, { purpose: 'commercial-email', state: 'withdrawn' });
    expect(codes(await check(p.id))).toEqual(['channel.requires_consent']);
    expect((await list(p.id)).filter((i) => i.purpose === 'commercial-email')).toEqual([
      expect.objectContaining({ channel: '', state: 'withdrawn' }),
    ]);
    await consent(p.id, { purpose: 'commercial-email', channel: 'email', state: 'given' });
    expect((await check(p.id)).allow).toBe(true);
    await consent(p.id, { purpose: 'commercial-email', state: 'given' });
    await consent(p.id, { purpose: 'commercial-email', channel: 'email', state: 'refused' });
    expect(codes(await check(p.id))).toEqual(['channel.requires_consent']);
  });

  it('a campaign by e-mail suppresses exactly those the decision point refuses, channel by channel (BK-11)', async () => {
    const both = await person();
    const emailOnly = await person();
    const unsubscribed = await person();
    for (const p of [both, emailOnly, unsubscribed])
      await consent(p.id, { purpose: 'commercial-proposals', state: 'given' });
    await consent(both.id, { purpose: 'commercial-email', state: 'given' });
    await consent(emailOnly.id, { purpose: 'commercial-email', channel: 'email', state: 'given' });
    await consent(unsubscribed.id, { purpose: 'commercial-email', state: 'given' });
    await consent(unsubscribed.id, { purpose: 'commercial-email', channel: 'email', state: 'withdrawn' });
    const sent = await createAndSend(t, { name: 'e-mail', contentRef: 'c', audience: {}, ...email });
    const got = await t.deps.db.query<{ subject_id: string }>(
      'SELECT subject_id FROM communications WHERE campaign_id = $1',
      [sent.id],
    );
    const reached = new Set(got.rows.map((r) => r.subject_id));
    expect(reached.has(both.id)).toBe(true);
    expect(reached.has(emailOnly.id)).toBe(true);
    expect(reached.has(unsubscribed.id)).toBe(false);
    expect(sent.suppressed['channel.requires_consent']).toBeGreaterThanOrEqual(1);
  });

  it('GPC withdraws what was given without it, on every channel; list, receipt and decisions agree (BK-16)', async () => {
    const p = await person();
    await consent(p.id, { purpose: 'web-personalisation', state: 'given' });
    await consent(p.id, { purpose: 'commercial-email', channel: 'email', state: 'given' });
    const items = await list(p.id, { ...p.auth, 'sec-gpc': '1' });
    const states = Object.fromEntries(items.map((i) => [`${i.purpose}:${i.channel}`, i.state]));
    expect(states['web-personalisation:']).toBe('withdrawn');
    expect(states['commercial-email:email']).toBe('withdrawn');
    expect(codes(await ask(p.id, { purpose: 'web-personalisation' }))).toEqual(['consent.withdrawn']);
    expect(codes(await ask(p.id, { purpose: 'commercial-email', channel: 'email' }))).toEqual([
      'consent.withdrawn',
    ]);
    const receipt = (
      await t.app.inject({ method: 'GET', url: `/v1/subjects/${p.id}/consents/receipt`, headers: p.auth })
    ).json();
    const statuses = receipt['dpv:hasRecordOfActivity'].map(
      (r: { 'dpv:hasConsentStatus': { '@id': string } }) => r['dpv:hasConsentStatus']['@id'],
    );
    expect(statuses).toEqual(['dpv:ConsentWithdrawn', 'dpv:ConsentWithdrawn']);
  });

  it('a consent the person gives while sending GPC stands, recorded with both facts (BK-16)', async () => {
    const p = await person();
    await consent(p.id, { purpose: 'web-personalisation', state: 'given' });
    const gpc = { ...p.auth, 'sec-gpc': '1' };
    const given = await consent(p.id, { purpose: 'web-personalisation', state: 'given' }, gpc);
    expect(given.json()).toMatchObject({ state: 'given', source: 'online-banking', gpc: true });
    // The next requests still carry the signal: the explicit choice stands.
    for (let i = 0; i < 3; i++) await list(p.id, gpc);
    expect((await ask(p.id, { purpose: 'web-personalisation' })).allow).toBe(true);
    const history = (
      await t.app.inject({ method: 'GET', url: `/v1/subjects/${p.id}/consents/history`, headers: p.auth })
    ).json().items as { state: string; source: string; gpc: boolean }[];
    expect(history.map((h) => [h.state, h.source, h.gpc])).toEqual([
      ['given', 'api', false],
      ['withdrawn', 'gpc', true],
      ['given', 'online-banking', true],
    ]);
  });

  it('GPC is honoured once: a choice the person makes afterwards stands, whoever records it (BK-16)', async () => {
    const p = await person();
    await consent(p.id, { purpose: 'web-personalisation', state: 'given' });
    const gpc = { ...p.auth, 'sec-gpc': '1' };
    await list(p.id, gpc);
    expect(codes(await ask(p.id, { purpose: 'web-personalisation' }))).toEqual(['consent.withdrawn']);
    // The person writes in: the agent records their consent, by letter.
    await consent(p.id, { purpose: 'web-personalisation', state: 'given', source: 'letter' });
    await consent(p.id, { purpose: 'commercial-email', state: 'given', source: 'letter' });
    for (let i = 0; i < 3; i++) await list(p.id, gpc);
    expect((await ask(p.id, { purpose: 'web-personalisation' })).allow).toBe(true);
    expect((await ask(p.id, { purpose: 'commercial-email', channel: 'email' })).allow).toBe(true);
  });

  it('two Sec-GPC headers, 0 and 1, count as the signal', async () => {
    const p = await person();
    await consent(p.id, { purpose: 'web-personalisation', state: 'given' });
    await list(p.id, { ...p.auth, 'sec-gpc': ['0', '1'] });
    expect(codes(await ask(p.id, { purpose: 'web-personalisation' }))).toEqual(['consent.withdrawn']);
    const q = await person();
    await consent(q.id, { purpose: 'web-personalisation', state: 'given' });
    await list(q.id, { ...q.auth, 'sec-gpc': '0' });
    expect((await ask(q.id, { purpose: 'web-personalisation' })).allow).toBe(true);
  });

  it('publishes /.well-known/gpc.json from the policy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/gpc.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ gpc: true, lastUpdate: t.deps.policy.policy.effectiveFrom });
  });

  it('a tracking session reports GPC and an on-page withdrawal to the ledger (BK-16)', async () => {
    const p = await person();
    await consent(p.id, { purpose: 'web-personalisation', state: 'given' });
    const session = (
      await t.app.inject({ method: 'POST', url: `/v1/subjects/${p.id}/sessions`, headers: p.auth })
    ).json().token as string;
    const signal = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/tracking/signals',
        headers: { authorization: `Bearer ${session}` },
        payload: body,
      });
    expect((await signal({ signal: 'withdraw-consent' })).json()).toEqual({ recorded: 1 });
    expect((await signal({ signal: 'withdraw-consent' })).json()).toEqual({ recorded: 0 });
    // Two clicks at once: one record between them.
    await consent(p.id, { purpose: 'web-personalisation', state: 'given' });
    const both = await Promise.all([
      signal({ signal: 'withdraw-consent' }),
      signal({ signal: 'withdraw-consent' }),
    ]);
    expect(both.map((r) => r.json().recorded).sort()).toEqual([0, 1]);
    expect(codes(await ask(p.id, { purpose: 'web-personalisation' }))).toEqual(['consent.withdrawn']);
    await consent(p.id, { purpose: 'web-personalisation', state: 'given' });
    await consent(p.id, { purpose: 'commercial-proposals', state: 'given' });
    expect((await signal({ signal: 'global-privacy-control' })).json()).toEqual({ recorded: 2 });
    const history = (
      await t.app.inject({ method: 'GET', url: `/v1/subjects/${p.id}/consents/history`, headers: p.auth })
    ).json().items as { source: string }[];
    expect(history.filter((h) => h.source === 'gpc')).toHaveLength(2);
    // A session key may report, never grant.
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${p.id}/consents`,
        headers: { authorization: `Bearer ${session}` },
        payload: { purpose: 'web-personalisation', state: 'given' },
      }),
      403,
      'ROLE_FORBIDDEN',
    );
  });
});

describe.each(BACKENDS)('GPC as an objection to direct marketing, honoured once, on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    // A policy that reads GPC as an objection (consent.gpc: object) rather than a withdrawal.
    dir = await mkdtemp(join(tmpdir(), 'garde-gpc-'));
    const text = readFileSync('policies/retail-bank.yaml', 'utf8').replaceAll('gpc: withdraw', 'gpc: object');
    writeFileSync(join(dir, 'bank.yaml'), text);
    t = await testApp(backend, { policy: join(dir, 'bank.yaml') });
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('objects on the first signal; an objection the person lifts afterwards stays lifted', async () => {
    const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
    const key = (await createKey(t.deps.db, { role: 'customer', subjectId: s.id }, 'test')).key;
    const gpc = { authorization: `Bearer ${key}`, 'sec-gpc': '1' };
    const limits = async () =>
      (await t.app.inject({ method: 'GET', url: `/v1/subjects/${s.id}/limits`, headers: gpc })).json()
        .objections as { kind: string }[];
    expect(await limits()).toEqual([{ kind: 'direct-marketing', purpose: null }]);
    const lift = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${s.id}/objections`,
      headers: t.as('agent'),
      payload: { kind: 'direct-marketing', action: 'lift', source: 'letter' },
    });
    expect(lift.statusCode).toBe(200);
    expect(await limits()).toEqual([]);
    expect(await limits()).toEqual([]);
  });
});
