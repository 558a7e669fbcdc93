// Issue 15, "Signing in" (EN-17): a member of staff's key is exchanged for a cookie session of its
// role; the session acts as that role and no more, every change audited under the person's name;
// it ends idle, at its absolute limit, at sign-out, or when its key is revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeConsoleSessions } from '../../src/console/store.ts';
import { STAFF_ROLES } from '../../src/keys/model.ts';
import { createKey, revokeKey } from '../../src/keys/store.ts';
import { BACKENDS, FIXED_NOW } from '../support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';

const minutes = (n: number) => new Date(FIXED_NOW.getTime() + n * 60_000);
/** What a browser on Garde's own page sends with a change. */
const SAME_SITE = { 'sec-fetch-site': 'same-origin' };

describe.each(BACKENDS)('console sessions, on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend);
  });
  afterAll(() => t.dispose());

  const at = (when: Date) => {
    t.deps.now = () => when;
  };
  const keyIdOf = async (key: string) => {
    const prefix = key.split('_')[1];
    const r = await t.deps.db.query<{ id: string }>('SELECT id FROM api_keys WHERE prefix = $1', [prefix]);
    return r.rows[0]?.id as string;
  };
  const signIn = (key: string, headers: Record<string, string> = SAME_SITE) =>
    t.app.inject({ method: 'POST', url: '/v1/console/sessions', headers, payload: { key } });
  /** Signs in with the role's key: the cookie as `name=value`, and the CSRF token. */
  const session = async (role: (typeof STAFF_ROLES)[number]) => {
    const res = await signIn(t.keys[role]);
    expect(res.statusCode).toBe(201);
    const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
    return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
  };
  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/v1/console/me', headers: { cookie } });

  it.each(STAFF_ROLES)(
    'a %s key opens an HttpOnly, SameSite=Strict cookie session of its role, stored only as a hash and audited under the key',
    async (role) => {
      at(FIXED_NOW);
      const res = await signIn(t.keys[role]);
      expect(res.statusCode).toBe(201);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/^garde_console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
      expect(res.headers['cache-control']).toBe('no-store');
      const keyId = await keyIdOf(t.keys[role]);
      const body = res.json() as Record<string, unknown>;
      expect(body).toMatchObject({ role, actor: `key:${keyId}`, expiresAt: minutes(30).toISOString() });
      expect(body.csrfToken).toEqual(expect.any(String));
      const token = (setCookie.split(';')[0] as string).split('=')[1] as string;
      const rows = await t.deps.db.query<{ hash: Uint8Array; actor: string }>(
        'SELECT hash, actor FROM console_sessions WHERE role = $1',
        [role],
      );
      expect(rows.rows.length).toBeGreaterThan(0);
      expect(rows.rows.some((r) => Buffer.from(r.hash).toString('latin1').includes(token))).toBe(false);
      const audit = await t.deps.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_pending WHERE action = 'console-session.start' AND actor = $1",
        [`key:${keyId}`],
      );
      expect(audit.rows[0]?.n).toBeGreaterThan(0);
      const who = await me(`garde_console=${token}`);
      expect(who.statusCode).toBe(200);
      expect(who.json()).toMatchObject({ role, actor: `key:${keyId}`, csrfToken: body.csrfToken });
    },
  );

  it.each(['customer', 'host', 'processor', 'admin'] as const)(
    'a %s key opens no console session (403 CONSOLE_ROLE_FORBIDDEN)',
    async (role) => {
      const before = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM console_sessions');
      const res = await signIn(t.keys[role]);
      expectProblem(res, 403, 'CONSOLE_ROLE_FORBIDDEN');
      expect(res.headers['set-cookie']).toBeUndefined();
      const after = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM console_sessions');
      expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    },
  );

  it('an unknown or malformed key is 401 AUTH_INVALID, and another site cannot sign a browser in', async () => {
    expectProblem(await signIn(`garde_000000000000_${'A'.repeat(43)}`), 401, 'AUTH_INVALID');
    expectProblem(await signIn('not a key'), 401, 'AUTH_INVALID');
    expectProblem(await signIn(t.keys.dpo, { origin: 'https://evil.example' }), 403, 'CSRF_TOKEN_INVALID');
    expectProblem(await signIn(t.keys.dpo, { 'sec-fetch-site': 'cross-site' }), 403, 'CSRF_TOKEN_INVALID');
  });

  it('the session acts as its role on its routes only, and its changes are audited under the staff member, not a session', async () => {
    at(FIXED_NOW);
    const { cookie, csrf } = await session('dpo');
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: { cookie, 'x-csrf-token': csrf, ...SAME_SITE },
      payload: { lifecycle: 'prospect' },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    const audit = await t.deps.db.query<{ actor: string }>(
      "SELECT actor FROM audit_pending WHERE action = 'subject.create' AND subject_id = $1",
      [id],
    );
    expect(audit.rows.map((r) => r.actor)).toEqual([`key:${await keyIdOf(t.keys.dpo)}`]);
    // A marketer's route is not the DPO's, cookie or key alike.
    const campaign = await t.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: { cookie, 'x-csrf-token': csrf, ...SAME_SITE },
      payload: {},
    });
    expectProblem(campaign, 403, 'ROLE_FORBIDDEN');
    // Nor the privacy page's own session routes.
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } }),
      403,
      'ROLE_FORBIDDEN',
    );
  });

  it('a change without the CSRF token, with another session’s, or from another origin is refused and changes nothing', async () => {
    at(FIXED_NOW);
    const { cookie, csrf } = await session('dpo');
    const other = await session('dpo');
    const count = async () =>
      (await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM subjects')).rows[0]?.n;
    const before = await count();
    const post = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/subjects',
        headers: { cookie, ...headers },
        payload: { lifecycle: 'prospect' },
      });
    expectProblem(await post(SAME_SITE), 403, 'CSRF_TOKEN_INVALID');
    expectProblem(await post({ ...SAME_SITE, 'x-csrf-token': other.csrf }), 403, 'CSRF_TOKEN_INVALID');
    expectProblem(
      await post({ origin: 'https://evil.example', 'x-csrf-token': csrf }),
      403,
      'CSRF_TOKEN_INVALID',
    );
    expect(await count()).toBe(before);
  });

  it('a session ends after the policy’s idle timeout; each use moves it (EN-17)', async () => {
    at(FIXED_NOW);
    const { cookie } = await session('agent');
    at(minutes(29));
    expect((await me(cookie)).statusCode).toBe(200);
    at(minutes(58));
    expect((await me(cookie)).json()).toMatchObject({ expiresAt: minutes(88).toISOString() });
    at(minutes(88));
    const ended = await me(cookie);
    expectProblem(ended, 401, 'CONSOLE_SESSION_EXPIRED');
    expect(String(ended.headers['set-cookie'])).toMatch(/^garde_console=; .*Max-Age=0/);
  });

  it('a session used all day still ends at the policy’s absolute timeout (EN-17)', async () => {
    at(FIXED_NOW);
    const { cookie } = await session('marketer');
    for (let m = 25; m < 8 * 60; m += 25) {
      at(minutes(m));
      expect((await me(cookie)).statusCode).toBe(200);
    }
    at(minutes(8 * 60));
    expectProblem(await me(cookie), 401, 'CONSOLE_SESSION_EXPIRED');
  });

  it('sign-out ends the session (audited under the staff member) and clears the cookie; the cookie is 401 afterwards', async () => {
    at(FIXED_NOW);
    const { cookie, csrf } = await session('dpo');
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/v1/console/sign-out',
      headers: { cookie, ...SAME_SITE },
    });
    expectProblem(noToken, 403, 'CSRF_TOKEN_INVALID');
    const out = await t.app.inject({
      method: 'POST',
      url: '/v1/console/sign-out',
      headers: { cookie, 'x-csrf-token': csrf, ...SAME_SITE },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^garde_console=; .*Max-Age=0/);
    expectProblem(await me(cookie), 401, 'CONSOLE_SESSION_EXPIRED');
    const audit = await t.deps.db.query<{ actor: string }>(
      "SELECT actor FROM audit_pending WHERE action = 'console-session.end'",
    );
    expect(audit.rows.map((r) => r.actor)).toContain(`key:${await keyIdOf(t.keys.dpo)}`);
    // A key has no session to sign out of.
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/console/sign-out', headers: t.as('dpo') }),
      400,
      'REQUEST_INVALID',
    );
  });

  it('a key past its expiry opens no session, and ends the session it opened', async () => {
    at(FIXED_NOW);
    const { key, info } = await createKey(t.deps.db, { role: 'agent', name: 'expiring' }, 'test');
    const cookie = String((await signIn(key)).headers['set-cookie']).split(';')[0] as string;
    expect((await me(cookie)).statusCode).toBe(200);
    await t.deps.db.query('UPDATE api_keys SET expires_at = $2 WHERE id = $1', [info.id, minutes(-1)]);
    expectProblem(await me(cookie), 401, 'CONSOLE_SESSION_EXPIRED');
    expectProblem(await signIn(key), 401, 'AUTH_INVALID');
  });

  it('signing in again in the same browser ends the session its cookie carried', async () => {
    at(FIXED_NOW);
    const first = await session('agent');
    const again = await signIn(t.keys.dpo, { ...SAME_SITE, cookie: first.cookie });
    expect(again.statusCode).toBe(201);
    expectProblem(await me(first.cookie), 401, 'CONSOLE_SESSION_EXPIRED');
    const second = String(again.headers['set-cookie']).split(';')[0] as string;
    expect((await me(second)).json()).toMatchObject({ role: 'dpo' });
  });

  it('revoking the key ends the sessions it opened; ended and expired sessions are purged', async () => {
    at(FIXED_NOW);
    // A key of its own: revoking it leaves the other tests' keys alone.
    const { key, info } = await createKey(t.deps.db, { role: 'agent', name: 'revoked' }, 'test');
    const res = await signIn(key);
    const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
    expect((await me(cookie)).statusCode).toBe(200);
    await revokeKey(t.deps.db, info.id, 'test');
    expectProblem(await me(cookie), 401, 'CONSOLE_SESSION_EXPIRED');
    await purgeConsoleSessions(t.deps.db, minutes(9 * 60));
    const left = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM console_sessions');
    expect(left.rows[0]?.n).toBe(0);
  });
});

describe('console sign-in is rate-limited per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite', { signInRateLimitPerMinute: 3 });
  });
  afterAll(() => t.dispose());

  it('past GARDE_RATE_LIMIT_SIGN_IN attempts a minute, even with a good key, the answer is 429 with Retry-After', async () => {
    const attempt = (key: string) =>
      t.app.inject({ method: 'POST', url: '/v1/console/sessions', headers: SAME_SITE, payload: { key } });
    for (let i = 0; i < 3; i++)
      expect((await attempt(`garde_000000000000_${'A'.repeat(43)}`)).statusCode).toBe(401);
    const refused = await attempt(t.keys.dpo);
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(refused.headers['retry-after']).toBeDefined();
  });
});
