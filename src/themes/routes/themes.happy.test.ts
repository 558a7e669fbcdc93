import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { createSubject } from '../../subjects/subjects.ts';

describe.each(BACKENDS)('themes and subscriptions on %s', (backend) => {
  let t: TestApp;
  let holding: string;
  let otherHolding: string;
  beforeAll(async () => {
    t = await testApp(backend);
    const other = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
    const rows = await t.deps.db.query<{ id: string }>(
      `INSERT INTO holdings (subject_id, product_code, account_ref, held_since)
       VALUES ($1, 'savings-account', 'BE68 5390 0754 7034', '2021-01-01'), ($2, 'current-account', 'BE71 0961 2345 6769', '2021-01-01')
       RETURNING id`,
      [t.customerId, other.id],
    );
    [holding, otherHolding] = rows.rows.map((r) => r.id) as [string, string];
  });
  afterAll(() => t.dispose());

  const themeUrl = (theme: string, h: string) => `/v1/subjects/${t.customerId}/themes/${theme}/holdings/${h}`;

  it('a customer links an account to "Vacances"; an agent sees it (BK-6, BK-13)', async () => {
    const holdings = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${t.customerId}/holdings`,
        headers: t.as('customer'),
      })
    ).json();
    expect(holdings.items.map((h: { id: string }) => h.id)).toEqual([holding]);
    const linked = await t.app.inject({
      method: 'PUT',
      url: themeUrl('vacances', holding),
      headers: t.as('customer'),
    });
    expect(linked.statusCode).toBe(200);
    const seen = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${t.customerId}/themes`,
        headers: t.as('agent'),
      })
    ).json();
    expect(seen.items).toEqual([
      {
        theme: 'vacances',
        holdingId: holding,
        productCode: 'savings-account',
        accountRef: 'BE68 5390 0754 7034',
        linkedAt: expect.any(String),
      },
    ]);
  });

  it('refuses an unknown theme, another customer’s account, and agents changing links', async () => {
    expectProblem(
      await t.app.inject({ method: 'PUT', url: themeUrl('casino', holding), headers: t.as('customer') }),
      422,
      'THEME_INVALID',
    );
    expectProblem(
      await t.app.inject({ method: 'PUT', url: themeUrl('maison', otherHolding), headers: t.as('customer') }),
      404,
      'HOLDING_NOT_FOUND',
    );
    expectProblem(
      await t.app.inject({ method: 'PUT', url: themeUrl('maison', holding), headers: t.as('agent') }),
      403,
      'ROLE_FORBIDDEN',
    );
  });

  it('unlinks', async () => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: themeUrl('vacances', holding),
      headers: t.as('customer'),
    });
    expect(res.json().items).toEqual([]);
  });

  it('a subscription is never marketing consent, and marketing consent never a subscription (BK-8)', async () => {
    const sub = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${t.customerId}/subscriptions`,
      headers: t.as('customer'),
      payload: { topic: 'newsletter', action: 'subscribe' },
    });
    expect(sub.json()).toMatchObject({ changed: true, items: [{ topic: 'newsletter' }] });
    const consents = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${t.customerId}/consents`,
        headers: t.as('customer'),
      })
    ).json();
    expect(consents.items.every((c: { state: string }) => c.state === 'not-asked')).toBe(true);

    await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${t.customerId}/consents`,
      headers: t.as('customer'),
      payload: { purpose: 'commercial-proposals', state: 'given' },
    });
    const subs = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${t.customerId}/subscriptions`,
        headers: t.as('agent'),
      })
    ).json();
    expect(subs.items.map((s: { topic: string }) => s.topic)).toEqual(['newsletter']);
  });

  it('a change says when it was recorded; a change that changes nothing records nothing and says no time', async () => {
    const change = (action: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${t.customerId}/subscriptions`,
        headers: t.as('customer'),
        payload: { topic: 'magazine', action },
      });
    const first = (await change('subscribe')).json();
    expect(first).toMatchObject({ changed: true, recordedAt: FIXED_NOW.toISOString() });
    expect(first.items).toContainEqual({ topic: 'magazine', since: FIXED_NOW.toISOString() });
    const again = (await change('subscribe')).json();
    expect(again.changed).toBe(false);
    expect(again).not.toHaveProperty('recordedAt');
    const off = (await change('unsubscribe')).json();
    expect(off).toMatchObject({ changed: true, recordedAt: FIXED_NOW.toISOString() });
    expect(off.items.map((s: { topic: string }) => s.topic)).not.toContain('magazine');
  });

  it('refuses an unknown subscription topic', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${t.customerId}/subscriptions`,
      headers: t.as('customer'),
      payload: { topic: 'lottery', action: 'subscribe' },
    });
    expectProblem(res, 422, 'SUBSCRIPTION_INVALID');
  });
});
