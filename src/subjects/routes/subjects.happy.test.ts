import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { chainAudit, verifyAudit } from '../../audit/store.ts';

describe.each(BACKENDS)('subjects API on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend);
  });
  afterAll(() => t.dispose());

  const create = (body: object, role: 'admin' | 'dpo' = 'dpo', headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: { ...t.as(role), ...headers },
      payload: body,
    });

  it('creates a subject with identity data, encrypts the ID-card number and never returns it', async () => {
    const res = await create({
      lifecycle: 'prospect',
      lastContactAt: '2026-05-01T09:00:00Z',
      identity: {
        givenName: 'Léa',
        familyName: 'Dubois',
        email: 'lea@example.be',
        idCardNumber: '592-1234567-89',
      },
    });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      lifecycle: 'prospect',
      version: 1,
      identity: { givenName: 'Léa', hasIdCardNumber: true },
    });
    expect(res.body).not.toContain('1234567');
    expect(res.headers.location).toBe(`/v1/subjects/${s.id}`);
    const stored = await t.deps.db.query<{ id_card_enc: Uint8Array }>(
      'SELECT id_card_enc FROM identities WHERE subject_id = $1',
      [s.id],
    );
    const sealed = Buffer.from(stored.rows[0]?.id_card_enc as Uint8Array);
    expect(sealed.toString('latin1')).not.toContain('1234567');
    expect(t.deps.sealer.open(sealed)).toBe('592-1234567-89');
  });

  it('reads, updates with If-Match, and audits every write', async () => {
    const s = (
      await create({
        lifecycle: 'customer',
        customerSince: '2021-03-01',
        identity: { email: 'a@example.be' },
      })
    ).json();
    const got = await t.app.inject({ method: 'GET', url: `/v1/subjects/${s.id}`, headers: t.as('admin') });
    expect(got.json()).toEqual(s);
    expect(got.headers.etag).toBe('"1"');
    const upd = await t.app.inject({
      method: 'PATCH',
      url: `/v1/subjects/${s.id}`,
      headers: { ...t.as('dpo'), 'if-match': '"1"' },
      payload: { lifecycle: 'former', contractEndedOn: '2026-01-31', identity: { email: 'new@example.be' } },
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({
      lifecycle: 'former',
      contractEndedOn: '2026-01-31',
      version: 2,
      identity: { email: 'new@example.be' },
    });
    await chainAudit(t.deps.db);
    const audit = await t.deps.db.query<{ action: string; actor: string }>(
      'SELECT action, actor FROM audit_log WHERE subject_id = $1 ORDER BY seq',
      [s.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['subject.create', 'subject.update']);
    expect(audit.rows[1]?.actor).toMatch(/^key:/);
    expect((await verifyAudit(t.deps.db)).ok).toBe(true);
  });

  it('lists subjects a page at a time with a cursor', async () => {
    for (let i = 0; i < 5; i++) await create({ lifecycle: 'prospect', externalRef: `page-${i}` });
    const seen = new Set<string>();
    let after: string | null = null;
    do {
      const url: string = `/v1/subjects?lifecycle=prospect&limit=2${after ? `&after=${after}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url, headers: t.as('dpo') })).json();
      for (const s of page.items) {
        expect(s.lifecycle).toBe('prospect');
        seen.add(s.id);
      }
      after = page.next;
    } while (after);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('replays a retried create with the same Idempotency-Key instead of creating twice', async () => {
    const body = { lifecycle: 'prospect', externalRef: 'idem-1' };
    const first = await create(body, 'dpo', { 'idempotency-key': 'k-1' });
    const again = await create(body, 'dpo', { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    // The replay is the first answer whole: its Location too.
    expect(again.headers.location).toBe(`/v1/subjects/${first.json().id}`);
    expect(first.headers.location).toBe(again.headers.location);
    // A precondition is part of the request: the same body under another If-Match is another one.
    const change = (ifMatch: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `/v1/subjects/${first.json().id}`,
        headers: { ...t.as('dpo'), 'idempotency-key': 'k-2', 'if-match': ifMatch },
        payload: { externalRef: 'idem-2' },
      });
    expect((await change('"1"')).statusCode).toBe(200);
    expectProblem(await change('"2"'), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('serves /health, /ready and the OpenAPI document', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).json()).toMatchObject({
      status: 'ready',
      backend,
    });
    const served = await t.app.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: { host: 'garde.example:8443' },
    });
    const doc = served.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'http://garde.example:8443', description: 'This Garde instance' }]);
    expect(served.headers['cache-control']).toBe('no-cache');
    // A Host that is no host never becomes a URL in the document.
    for (const host of ['a b', 'garde.example/x?y', 'x@evil.example'])
      expect(
        (await t.app.inject({ method: 'GET', url: '/openapi.json', headers: { host } })).json().servers[0]
          .url,
      ).toBe('/');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/subjects', '/v1/subjects/{id}', '/v1/keys']),
    );
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
