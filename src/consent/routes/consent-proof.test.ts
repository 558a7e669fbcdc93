// The DPO's consent proof for a person (BK-16, issue 15): every choice of the ledger with its
// source, the interface's name from the policy, the notice version and language, and the receipt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { type TestApp, testApp } from '../../../test/support/http.ts';

describe.each(BACKENDS)('the consent proof for the DPO on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend);
    const record = (role: 'customer' | 'dpo', payload: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${t.customerId}/consents`,
        headers: t.as(role),
        payload,
      });
    expect(
      (await record('customer', { purpose: 'web-personalisation', state: 'given', noticeLanguage: 'nl' }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await record('dpo', {
          purpose: 'web-personalisation',
          state: 'withdrawn',
          source: 'letter',
          noticeLanguage: 'fr',
        })
      ).statusCode,
    ).toBe(201);
  });
  afterAll(() => t.dispose());

  it('shows the DPO every choice with its source, the interface named in the policy’s words, the notice version and language, and who recorded it', async () => {
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${t.customerId}/consents/history`,
        headers: t.as('dpo'),
      })
    ).json();
    expect(history.items).toHaveLength(2);
    expect(history.items[0]).toMatchObject({
      state: 'given',
      source: 'online-banking',
      noticeLanguage: 'nl',
      noticeVersion: t.deps.policy.policy.version,
    });
    expect(history.items[1]).toMatchObject({
      state: 'withdrawn',
      source: 'letter',
      noticeLanguage: 'fr',
      actor: expect.stringMatching(/^key:/),
    });
    const policy = (
      await t.app.inject({ method: 'GET', url: '/v1/policy?language=fr', headers: t.as('dpo') })
    ).json();
    const names = new Map(policy.consentInterfaces.map((x: { id: string; name: string }) => [x.id, x.name]));
    expect(names.get('letter')).toBe('Lettre à la banque');
    expect(names.get('online-banking')).toBe('Banque en ligne');
    expect(names.get('api')).toBeTruthy();
    const receipt = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${t.customerId}/consents/receipt`,
      headers: t.as('dpo'),
    });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-disposition']).toMatch(/^attachment; filename="consent-receipt-/);
    expect(receipt.json()['dpv:hasRecordOfActivity'].length).toBeGreaterThan(0);
  });
});
