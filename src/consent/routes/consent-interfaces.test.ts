// Consent interfaces are the policy's (issue 13): a company with an app and a kiosk names them,
// and a choice made there is taken, recorded and described in the company's words. GDPR Art.
// 7(1) (the controller can prove how consent was given) and 7(3) (withdrawing is as easy as
// giving, wherever the person does it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { policyVariant } from '../../../test/support/policy-variant.ts';
import { openapiDocument } from '../../platform/http/openapi.ts';
import { ROUTES } from '../../routes.ts';

const APP = { en: 'Our mobile app', fr: 'Notre application mobile', nl: 'Onze mobiele app' };

describe.each(BACKENDS)('consent interfaces named by the policy, on %s', (backend) => {
  let t: TestApp;
  let sid: string;
  beforeAll(async () => {
    const policy = await policyVariant('policies/retail-bank.yaml', (doc) => {
      doc.consentInterfaces.push(
        { id: 'mobile-app', description: APP, recordedBy: 'data-subject' },
        {
          id: 'kiosk',
          description: { en: 'Branch kiosk', fr: 'Borne', nl: 'Zuil' },
          recordedBy: 'data-subject',
        },
        {
          id: 'phone-line',
          description: { en: 'Phone', fr: 'Téléphone', nl: 'Telefoon' },
          recordedBy: 'controller',
        },
      );
    });
    t = await testApp(backend, { policy });
    sid = t.customerId;
  });
  afterAll(() => t.dispose());

  const consent = (payload: object, role: Parameters<TestApp['as']>[0] = 'customer') =>
    t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${sid}/consents`,
      headers: { ...t.as(role), 'user-agent': 'BankApp/3.1 (iOS)' },
      payload,
    });

  it('a withdrawal from the mobile app the policy declares is accepted, recorded and described in its words (Art. 7(3))', async () => {
    expect((await consent({ purpose: 'web-personalisation', state: 'given' })).statusCode).toBe(201);
    const withdrawn = await consent({
      purpose: 'web-personalisation',
      state: 'withdrawn',
      source: 'mobile-app',
    });
    expect(withdrawn.statusCode).toBe(201);
    expect(withdrawn.json()).toMatchObject({
      state: 'withdrawn',
      source: 'mobile-app',
      userAgent: 'BankApp/3.1 (iOS)',
    });
    const receipt = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${sid}/consents/receipt`,
        headers: t.as('customer'),
      })
    ).json();
    const record = receipt['dpv:hasRecordOfActivity'].find(
      (r: { 'dct:identifier': string }) => r['dct:identifier'] === String(withdrawn.json().id),
    );
    expect(record['dpv:hasIndicationMethod']).toEqual({
      '@id': 'urn:garde:retail-bank:consent-interface:mobile-app',
      '@type': 'garde:ConsentInterface',
      'dct:description': APP,
    });
    // The person acted themselves: their device is on record, and no controller implemented it.
    expect(record['garde:userAgent']).toBe('BankApp/3.1 (iOS)');
    expect(record['dpv:isImplementedByEntity']).toBeUndefined();
  });

  it('a withdrawal through an interface the purpose does not list in withdrawVia is still taken and recorded (Art. 7(3))', async () => {
    const purpose = t.deps.policy.purposes.find((p) => p.id === 'web-personalisation');
    expect(purpose?.consent?.withdrawVia).not.toContain('kiosk');
    await consent({ purpose: 'web-personalisation', state: 'given' });
    const withdrawn = await consent({ purpose: 'web-personalisation', state: 'withdrawn', source: 'kiosk' });
    expect(withdrawn.statusCode).toBe(201);
    expect(withdrawn.json()).toMatchObject({ state: 'withdrawn', source: 'kiosk' });
    const answer = await t.app.inject({
      method: 'POST',
      url: '/v1/decisions',
      headers: t.as('agent'),
      payload: { questions: [{ subjectId: sid, purpose: 'web-personalisation' }] },
    });
    expect(answer.json().answers[0].reasons[0].code).toBe('consent.withdrawn');
  });

  it('an undeclared source is refused with 400 SOURCE_UNKNOWN, naming the sources the policy accepts', async () => {
    const res = await consent({ purpose: 'web-personalisation', state: 'withdrawn', source: 'smart-tv' });
    const problem = expectProblem(res, 400, 'SOURCE_UNKNOWN');
    const accepted = [...(t.deps.policy.consentInterfaces ?? []).map((i) => i.id), 'api', 'gpc'];
    expect(problem.allowed).toEqual(accepted);
    expect(problem.detail).toContain('"smart-tv"');
    expect(problem.detail).toContain('mobile-app');
    expect(problem.errors).toEqual([
      { in: 'body', path: '/source', message: expect.stringContaining('smart-tv') },
    ]);
    const subscription = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${sid}/subscriptions`,
      headers: t.as('customer'),
      payload: { topic: 'newsletter', action: 'subscribe', source: 'smart-tv' },
    });
    expectProblem(subscription, 400, 'SOURCE_UNKNOWN');
  });

  it('who records a choice comes from the policy: staff take down the phone line, the person uses the app', async () => {
    const phone = await consent(
      { purpose: 'commercial-proposals', state: 'given', source: 'phone-line' },
      'agent',
    );
    expect(phone.json()).toMatchObject({ source: 'phone-line' });
    // An agent may not claim that the person used the app themselves, nor the person a staff line.
    expectProblem(
      await consent({ purpose: 'commercial-proposals', state: 'given', source: 'mobile-app' }, 'agent'),
      403,
      'SOURCE_FORBIDDEN',
    );
    expectProblem(
      await consent({ purpose: 'commercial-proposals', state: 'given', source: 'phone-line' }),
      403,
      'SOURCE_FORBIDDEN',
    );
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${sid}/consents/history?limit=1000`,
        headers: t.as('customer'),
      })
    ).json().items as { id: number; actor: string; userAgent: string | null }[];
    expect(history.find((e) => e.id === phone.json().id)).toMatchObject({
      actor: 'controller',
      userAgent: null,
    });
  });

  it('the API document lists no interface of any policy: the source is checked against the policy in force', () => {
    const text = JSON.stringify(openapiDocument(ROUTES));
    for (const id of ['mobile-app', 'kiosk', 'online-banking', 'email-unsubscribe', 'portal'])
      expect(text).not.toContain(`"${id}"`);
  });
});
