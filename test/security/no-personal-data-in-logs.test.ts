// Privacy of the system itself: request logs carry the route pattern, never the URL, the body,
// a name, an e-mail, a subject id or an API key, even when a request fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/keys/model.ts';
import { createKey } from '../../src/keys/store.ts';
import { buildServer } from '../../src/server.ts';
import { testDeps } from '../support/backends.ts';

describe('request logs', () => {
  const lines: string[] = [];
  let deps: Awaited<ReturnType<typeof testDeps>>;
  let app: Awaited<ReturnType<typeof buildServer>>;
  const keys = {} as Record<Role, string>;
  beforeAll(async () => {
    deps = await testDeps('pglite');
    deps.config.logLevel = 'info';
    for (const role of ROLES.filter((r) => r !== 'customer'))
      keys[role] = (await createKey(deps.db, { role }, 'test')).key;
    app = await buildServer(deps, { logStream: { write: (l) => lines.push(l) } });
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  it('hold no personal data, ids or keys', async () => {
    const auth = { authorization: `Bearer ${keys.dpo}` };
    const created = await app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: auth,
      payload: {
        lifecycle: 'prospect',
        identity: {
          givenName: 'Zoéline',
          email: 'zoeline.secret@example.be',
          idCardNumber: '591-7654321-00',
        },
      },
    });
    const id = created.json().id as string;
    await app.inject({ method: 'GET', url: `/v1/subjects/${id}`, headers: auth });
    await app.inject({
      method: 'PATCH',
      url: `/v1/subjects/${id}`,
      headers: auth,
      payload: { identity: { email: 'not-an-email' } },
    });
    await app.inject({
      method: 'GET',
      url: `/v1/subjects/${id}`,
      headers: { authorization: `Bearer ${keys.marketer}` },
    });
    const log = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const secret of [
      'Zoéline',
      'zoeline.secret',
      '7654321',
      'not-an-email',
      id,
      keys.dpo,
      keys.marketer,
    ]) {
      expect(log).not.toContain(secret);
    }
    expect(log).toContain('"route":"/v1/subjects/:id"');
  });

  it('hold no privacy link token, session cookie, CSRF token or session id', async () => {
    const person = await app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: { authorization: `Bearer ${keys.dpo}` },
      payload: { lifecycle: 'customer', customerSince: '2020-01-01' },
    });
    const id = person.json().id as string;
    const link = await app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/privacy-links`,
      headers: { authorization: `Bearer ${keys.host}`, host: 'garde.example' },
    });
    const path = new URL(link.json().url as string);
    const token = path.searchParams.get('token') as string;
    const opened = await app.inject({ method: 'GET', url: path.pathname + path.search });
    await app.inject({ method: 'GET', url: path.pathname + path.search }); // replayed: refused
    const cookie = String(opened.headers['set-cookie']).split(';')[0] as string;
    const me = (await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } })).json();
    await app.inject({ method: 'POST', url: '/v1/me/sign-out', headers: { cookie } }); // no CSRF token
    const out = await app.inject({
      method: 'POST',
      url: '/v1/me/sign-out',
      headers: {
        cookie,
        host: 'garde.example',
        origin: 'http://garde.example',
        'x-csrf-token': me.session.csrfToken,
      },
    });
    expect(out.statusCode).toBe(204);
    await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } }); // ended
    const sessions = await deps.db.query<{ id: string }>(
      'SELECT id FROM privacy_sessions WHERE subject_id = $1',
      [id],
    );
    const log = lines.join('');
    expect(log).toContain('"route":"/privacy/session"');
    for (const secret of [
      token,
      cookie.split('=')[1] as string,
      me.session.csrfToken,
      id,
      sessions.rows[0]?.id,
    ])
      expect(log).not.toContain(secret);
  });

  it('an unexpected database error is logged by its code, never by its text', async () => {
    const failing = {
      ...deps,
      db: {
        ...deps.db,
        query: async () =>
          Promise.reject(
            Object.assign(new Error('invalid input: "secret-value@example.be"'), { code: '22P02' }),
          ),
      },
    };
    const broken = await buildServer(failing as typeof deps, { logStream: { write: (l) => lines.push(l) } });
    try {
      const res = await broken.inject({
        method: 'GET',
        url: '/v1/subjects',
        headers: { authorization: `Bearer ${keys.dpo}` },
      });
      expect(res.statusCode).toBe(500);
      const log = lines.join('');
      expect(log).toContain('"code":"22P02"');
      expect(log).not.toContain('secret-value');
    } finally {
      await broken.close();
    }
  });
});
