// Issue 16: lifecycle facts pushed by a controller's system drive what decide() allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { chainAudit, verifyAudit } from '../../audit/store.ts';
import { subjectState } from '../../consent/consent.ts';
import { decide } from '../../decide/decide.ts';
import { createKey } from '../../keys/store.ts';

const DAY = 86_400_000;
const day = (offset: number) => new Date(FIXED_NOW.getTime() + offset * DAY).toISOString().slice(0, 10);
const instant = (offset: number) => new Date(FIXED_NOW.getTime() + offset * DAY).toISOString();

describe.each(BACKENDS)('lifecycle facts pushed through the API on %s', (backend) => {
  let t: TestApp;
  let system: { authorization: string };
  beforeAll(async () => {
    t = await testApp(backend, { policy: 'policies/energy-services.yaml' });
    // A system's key: an admin key that can push facts and nothing else.
    const key = await createKey(t.deps.db, { role: 'admin', scopes: ['facts'], name: 'crm' }, 'test');
    system = { authorization: `Bearer ${key.key}` };
  });
  afterAll(() => t.dispose());

  const create = async (body: object) =>
    (await t.app.inject({ method: 'POST', url: '/v1/subjects', headers: t.as('dpo'), payload: body })).json();
  const put = (id: string, payload: object, headers = system) =>
    t.app.inject({ method: 'PUT', url: `/v1/subjects/${id}/facts`, headers, payload });
  const bulk = (items: object[]) =>
    t.app.inject({ method: 'POST', url: '/v1/subject-facts', headers: system, payload: { items } });
  const marketing = {
    purpose: 'marketing-customers',
    action: 'contact',
    channel: 'door-to-door',
    sender: 'energy-services',
  } as const;
  const ask = async (id: string, req: Parameters<typeof decide>[2]) =>
    decide(t.deps.policy, await subjectState(t.deps, id), req, FIXED_NOW);

  it('a contract end pushed makes a customer former; the former-customer window runs from it (EN-10)', async () => {
    const recent = await create({ lifecycle: 'customer', customerSince: '2015-01-01', externalRef: 'F-1' });
    const old = await create({ lifecycle: 'customer', customerSince: '2015-01-01', externalRef: 'F-2' });
    const res = await put(recent.id, { contractEndedOn: day(-30) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ subject: recent.id, changed: ['contractEndedOn', 'lifecycle'] });
    const got = (
      await t.app.inject({ method: 'GET', url: `/v1/subjects/${recent.id}`, headers: t.as('dpo') })
    ).json();
    expect(got).toMatchObject({ lifecycle: 'former', contractEndedOn: day(-30), version: 2 });
    expect(await ask(recent.id, marketing)).toEqual({ allow: true, reasons: expect.any(Array) });
    // Five years after the end, past the policy's four: the window has closed.
    expect((await put(old.id, { contractEndedOn: day(-5 * 366) })).statusCode).toBe(200);
    expect((await ask(old.id, marketing)).reasons).toContain('former.window-ended');
  });

  it('a last contact pushed runs the prospect clock: 12 months after it, the prospect is expired (EN-10)', async () => {
    const p = await create({ lifecycle: 'prospect', lastContactAt: instant(-1) });
    await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${p.id}/consents`,
      headers: t.as('dpo'),
      payload: { purpose: 'marketing-email-prospects', channel: 'email', state: 'given', method: 'api' },
    });
    const mail = {
      purpose: 'marketing-email-prospects',
      action: 'contact',
      channel: 'email',
      sender: 'energy-services',
    } as const;
    expect((await ask(p.id, mail)).reasons).not.toContain('prospect.expired');
    expect((await put(p.id, { lastContactAt: instant(-400) })).json().changed).toEqual(['lastContactAt']);
    expect((await ask(p.id, mail)).reasons).toContain('prospect.expired');
  });

  it('holdings are set whole, by the policy product ids, and a repeated push changes nothing', async () => {
    const c = await create({ lifecycle: 'customer', customerSince: '2020-01-01', externalRef: 'H-1' });
    const holdings = [
      { product: 'heat-pump', account: 'A-1', since: '2021-03-01' },
      { product: 'boiler-maintenance', account: 'A-2', since: '2022-03-01' },
    ];
    expect((await put(c.id, { holdings })).json().changed).toEqual(['holdings']);
    const again = await put(c.id, { holdings });
    expect(again.json()).toEqual({ subject: c.id, changed: [] });
    expect((await put(c.id, { holdings: [holdings[1]] })).json().changed).toEqual(['holdings']);
    const listed = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${c.id}/holdings`,
      headers: t.as('dpo'),
    });
    expect(listed.json().items.map((h: { productCode: string }) => h.productCode)).toEqual([
      'boiler-maintenance',
    ]);
    const audit = await t.deps.db.query<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_pending WHERE subject_id = $1 AND action = 'subject.facts'",
      [c.id],
    );
    // Two changes, two entries; the repeated push wrote none.
    expect(audit.rows).toHaveLength(2);
    expect(audit.rows[0]?.actor).toMatch(/^key:/);
    // Entries written many per statement chain like any other.
    await chainAudit(t.deps.db);
    expect((await verifyAudit(t.deps.db)).ok).toBe(true);
  });

  it('pushes many persons at once by subject id or customer number, all or nothing', async () => {
    const a = await create({ lifecycle: 'customer', customerSince: '2019-01-01', externalRef: 'B-1' });
    const b = await create({ lifecycle: 'prospect', externalRef: 'B-2' });
    const res = await bulk([
      { subject: a.id, contractEndedOn: day(-10) },
      { externalRef: 'B-2', customerSince: day(-1) },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ changed: 2, unchanged: 0 });
    const lifecycles = await t.deps.db.query<{ id: string; lifecycle: string }>(
      'SELECT id, lifecycle FROM subjects WHERE id = ANY($1::uuid[]) ORDER BY external_ref',
      [[a.id, b.id]],
    );
    expect(lifecycles.rows.map((r) => r.lifecycle)).toEqual(['former', 'customer']);
    expect((await bulk([{ externalRef: 'B-2', customerSince: day(-1) }])).json()).toMatchObject({
      changed: 0,
      unchanged: 1,
    });
  });

  it('refuses bad facts naming the item and the field, never the value, and writes nothing', async () => {
    const p = await create({ lifecycle: 'prospect', externalRef: 'X-1' });
    const c = await create({ lifecycle: 'customer', customerSince: '2019-01-01', externalRef: 'X-2' });
    const res = await bulk([
      { subject: c.id, contractEndedOn: day(-3) },
      { externalRef: 'X-1', contractEndedOn: '2020-01-31' },
      { externalRef: 'X-2-nobody', lastContactAt: instant(-1) },
      { subject: c.id, holdings: [{ product: 'yacht', account: 'Z-9', since: '2020-01-01' }] },
    ]);
    const body = expectProblem(res, 422, 'FACTS_INVALID');
    expect(body.errors).toEqual([
      { in: 'body', path: '/items/1/lifecycle', message: 'lifecycle cannot go from prospect to former' },
      { in: 'body', path: '/items/2/person', message: 'no such subject (or erased)' },
      { in: 'body', path: '/items/3', message: 'the same person is listed twice in one call' },
    ]);
    expect(JSON.stringify(body)).not.toContain('2020-01-31');
    const after = await t.deps.db.query<{ lifecycle: string }>(
      'SELECT lifecycle FROM subjects WHERE id = $1',
      [c.id],
    );
    expect(after.rows[0]?.lifecycle).toBe('customer');
    const one = expectProblem(
      await put(c.id, { holdings: [{ product: 'yacht', account: 'Z-9', since: '2020-01-01' }] }),
      422,
      'FACTS_INVALID',
    );
    expect((one.errors as { path: string }[])[0]?.path).toBe('/holdings/0/product');
    expectProblem(await put(c.id, { lastContactAt: instant(2) }), 422, 'FACTS_INVALID');
    expectProblem(await put(p.id, { lifecycle: 'former', contractEndedOn: day(-1) }), 422, 'FACTS_INVALID');
    expectProblem(
      await put('00000000-0000-4000-8000-000000000000', { contractEndedOn: null }),
      404,
      'SUBJECT_NOT_FOUND',
    );
    expectProblem(
      await bulk([{ subject: c.id, externalRef: 'X-2', contractEndedOn: null }]),
      422,
      'FACTS_INVALID',
    );
  });

  it('a key limited to facts pushes facts and reads nobody; a marketer or agent may not push', async () => {
    const c = await create({ lifecycle: 'customer', customerSince: '2019-01-01' });
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/v1/subjects/${c.id}`, headers: system }),
      403,
      'ROLE_FORBIDDEN',
    );
    for (const role of ['marketer', 'agent', 'customer', 'processor'] as const)
      expect((await put(c.id, { lastContactAt: instant(-1) }, t.as(role))).statusCode).toBe(403);
  });
});
