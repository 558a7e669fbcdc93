// Issue 14 (BK-16, EN-17): how the customer's privacy page is opened. The host asks for a
// single-use link; the link becomes a cookie session bound to one person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionAbsoluteTimeout, sessionIdleTimeout } from '../../src/keys/sessions.ts';
import { addDuration } from '../../src/policy/duration.ts';
import { purgePrivacySessions } from '../../src/privacy/store.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { BACKENDS, FIXED_NOW } from '../support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';

const minutes = (n: number) => new Date(FIXED_NOW.getTime() + n * 60_000);

describe.each(BACKENDS)('the privacy page is opened by a single-use link, on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend);
  });
  afterAll(() => t.dispose());

  const at = (when: Date) => {
    t.deps.now = () => when;
  };
  const makeLink = async (id = t.customerId) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/privacy-links`,
      headers: { ...t.as('host'), host: 'garde.example' },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { url: string; expiresAt: string };
  };

  it('the host gets a short-lived link to /privacy/ carrying a 256-bit token, stored only as a hash and audited', async () => {
    at(FIXED_NOW);
    const { url, expiresAt } = await makeLink();
    const parsed = new URL(url);
    expect(parsed.origin).toBe('http://garde.example');
    expect(parsed.pathname).toBe('/privacy/session');
    const token = parsed.searchParams.get('token') as string;
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    expect(expiresAt).toBe(minutes(2).toISOString());
    const rows = await t.deps.db.query<{ hash: Uint8Array }>('SELECT hash FROM privacy_links');
    expect(rows.rows.some((r) => Buffer.from(r.hash).toString('latin1').includes(token))).toBe(false);
    const audit = await t.deps.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_pending WHERE action = 'privacy-link.create' AND subject_id = $1",
      [t.customerId],
    );
    expect(audit.rows[0]?.n).toBeGreaterThan(0);
  });

  it('no link for an unknown or erased subject (404)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/subjects/00000000-0000-4000-8000-000000000000/privacy-links',
      headers: t.as('host'),
    });
    expectProblem(res, 404, 'SUBJECT_NOT_FOUND');
    const gone = await createSubject(t.deps, { lifecycle: 'prospect' }, 'test');
    await t.deps.db.query('DELETE FROM subjects WHERE id = $1', [gone.id]);
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${gone.id}/privacy-links`,
        headers: t.as('host'),
      }),
      404,
      'SUBJECT_NOT_FOUND',
    );
  });

  it('the host role can create links and nothing else', async () => {
    const own = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${t.customerId}`,
      headers: t.as('host'),
    });
    expectProblem(own, 403, 'ROLE_FORBIDDEN');
    const consents = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${t.customerId}/consents`,
      headers: t.as('host'),
    });
    expectProblem(consents, 403, 'ROLE_FORBIDDEN');
  });

  it('a customer key cannot make a privacy link, even for itself', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${t.customerId}/privacy-links`,
      headers: t.as('customer'),
    });
    expectProblem(res, 403, 'ROLE_FORBIDDEN');
  });

  /** Follows a fresh link as a browser would: the session cookie it sets, as `name=value`. */
  const signIn = async () => {
    const { url } = await makeLink();
    const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname + new URL(url).search });
    expect(res.statusCode).toBe(303);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  };
  const me = async (cookie: string) => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } });
    return res;
  };
  const consentPurpose = () => t.deps.policy.purposes.find((p) => p.consent && !p.consent.perChannel)?.id;
  const consentCount = async () =>
    (
      await t.deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM consent_events WHERE subject_id = $1',
        [t.customerId],
      )
    ).rows[0]?.n;

  it('a link opens a cookie session once and never again (a replay is refused and opens nothing)', async () => {
    at(FIXED_NOW);
    const { url } = await makeLink();
    const path = new URL(url).pathname + new URL(url).search;
    const first = await t.app.inject({ method: 'GET', url: path });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/privacy/');
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect(first.headers['cache-control']).toBe('no-store');
    const sessions = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM privacy_sessions');
    const replay = await t.app.inject({ method: 'GET', url: path });
    expectProblem(replay, 410, 'PRIVACY_LINK_INVALID');
    expect(replay.headers['set-cookie']).toBeUndefined();
    const after = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM privacy_sessions');
    expect(after.rows[0]?.n).toBe(sessions.rows[0]?.n);
  });

  it('an expired link, or one never made, is refused', async () => {
    at(FIXED_NOW);
    const { url } = await makeLink();
    at(minutes(2));
    const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname + new URL(url).search });
    expectProblem(res, 410, 'PRIVACY_LINK_INVALID');
    const made = await t.app.inject({ method: 'GET', url: `/privacy/session?token=${'A'.repeat(43)}` });
    expectProblem(made, 410, 'PRIVACY_LINK_INVALID');
  });

  it('the cookie is HttpOnly, SameSite=Strict, Path=/, and not Secure over plain HTTP', async () => {
    at(FIXED_NOW);
    const { url } = await makeLink();
    const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname + new URL(url).search });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^garde_privacy=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
  });

  it('the cookie stands for the customer: GET /v1/me names their subject, the session expiry and the CSRF token', async () => {
    at(FIXED_NOW);
    const cookie = await signIn();
    const res = await me(cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.subjectId).toBe(t.customerId);
    expect(body.session.expiresAt).toBe(
      addDuration(FIXED_NOW, sessionIdleTimeout(t.deps.policy)).toISOString(),
    );
    expect(body.session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const consents = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${t.customerId}/consents`,
      headers: { cookie },
    });
    expect(consents.statusCode).toBe(200);
  });

  it('a read with the cookie from another site, a sibling subdomain included, is refused: only Garde’s own page or a typed address reads', async () => {
    at(FIXED_NOW);
    const cookie = await signIn();
    const read = (site?: string) =>
      t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${t.customerId}/consents`,
        headers: { cookie, ...(site ? { 'sec-fetch-site': site } : {}) },
      });
    for (const site of ['cross-site', 'same-site'])
      expectProblem(await read(site), 403, 'CSRF_TOKEN_INVALID');
    for (const site of ['same-origin', 'none', undefined])
      expect((await read(site)).statusCode, site).toBe(200);
  });

  it('a session idle past the policy’s timeout is refused, and the answer clears the cookie', async () => {
    at(FIXED_NOW);
    const cookie = await signIn();
    at(new Date(addDuration(FIXED_NOW, sessionIdleTimeout(t.deps.policy)).getTime() + 1000));
    const res = await me(cookie);
    expectProblem(res, 401, 'SESSION_EXPIRED');
    expect(String(res.headers['set-cookie'])).toMatch(/^garde_privacy=; .*Max-Age=0/);
  });

  it('a session kept busy is refused past the policy’s absolute timeout', async () => {
    at(FIXED_NOW);
    const cookie = await signIn();
    const end = addDuration(FIXED_NOW, sessionAbsoluteTimeout(t.deps.policy));
    const idleMs = addDuration(FIXED_NOW, sessionIdleTimeout(t.deps.policy)).getTime() - FIXED_NOW.getTime();
    const step = Math.floor(idleMs / 2);
    let when = FIXED_NOW.getTime();
    while (when + step < end.getTime()) {
      when += step;
      at(new Date(when));
      expect((await me(cookie)).statusCode).toBe(200);
    }
    at(new Date(end.getTime() + 1000));
    expectProblem(await me(cookie), 401, 'SESSION_EXPIRED');
  });

  it('a change without the CSRF token, with a wrong one, or from another origin is refused and changes nothing', async () => {
    at(FIXED_NOW);
    const cookie = await signIn();
    const csrfToken = (await me(cookie)).json().session.csrfToken as string;
    const url = `/v1/subjects/${t.customerId}/consents`;
    const payload = { purpose: consentPurpose(), state: 'given' };
    const own = { cookie, origin: 'http://garde.example', host: 'garde.example' };
    const before = await consentCount();
    const attempts = [
      own,
      { ...own, 'x-csrf-token': 'A'.repeat(43) },
      { ...own, 'x-csrf-token': csrfToken, origin: 'https://evil.example' },
      { cookie, host: 'garde.example', 'x-csrf-token': csrfToken, 'sec-fetch-site': 'same-site' },
      { cookie, host: 'garde.example', 'x-csrf-token': csrfToken },
    ];
    for (const headers of attempts)
      expectProblem(await t.app.inject({ method: 'POST', url, headers, payload }), 403, 'CSRF_TOKEN_INVALID');
    expect(await consentCount()).toBe(before);
    const ok = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...own, 'x-csrf-token': csrfToken },
      payload,
    });
    expect(ok.statusCode).toBe(201);
    const fetched = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, host: 'garde.example', 'x-csrf-token': csrfToken, 'sec-fetch-site': 'same-origin' },
      payload,
    });
    expect(fetched.statusCode).toBe(201);
    expect(await consentCount()).toBe((before ?? 0) + 2);
  });

  it('a request with an API key needs no CSRF token, even with a cookie beside it', async () => {
    at(FIXED_NOW);
    const cookie = await signIn();
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${t.customerId}/consents`,
      headers: { ...t.as('customer'), cookie, origin: 'https://elsewhere.example' },
      payload: { purpose: consentPurpose(), state: 'given' },
    });
    expect(res.statusCode).toBe(201);
  });

  // That a cookie session cannot reach another person's data by changing ids, for every
  // operation the page may call, is shown in test/privacy/privacy-page-isolation.test.ts.

  it('the page greets the person by their own first name only, through the API; its HTML holds nothing of them', async () => {
    at(FIXED_NOW);
    await t.deps.db.query('SELECT 1');
    const named = await createSubject(
      t.deps,
      {
        lifecycle: 'customer',
        customerSince: '2020-01-01',
        identity: { givenName: 'Zoéline', familyName: 'Secretname', email: 'z.secret@example.be' },
      },
      'test',
    );
    const { url } = await makeLink(named.id);
    const opened = await t.app.inject({ method: 'GET', url: new URL(url).pathname + new URL(url).search });
    const cookie = String(opened.headers['set-cookie']).split(';')[0] as string;
    // The page's HTML is the same for everyone: nothing of the person is in it.
    const page = await t.app.inject({ method: 'GET', url: '/privacy/', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const secret of ['Zoéline', 'Secretname', 'z.secret', named.id])
      expect(page.body).not.toContain(secret);
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    // The page greets the person through the API, by their own first name and nothing more.
    const mine = (await me(cookie)).json();
    expect(mine.givenName).toBe('Zoéline');
    expect(JSON.stringify(mine)).not.toMatch(/Secretname|z\.secret/);
    expect((await t.app.inject({ method: 'GET', url: '/v1/me' })).statusCode).toBe(401);
  });

  it('the upkeep deletes expired links and ended or expired sessions, and keeps live ones', async () => {
    at(FIXED_NOW);
    const live = await signIn();
    const ended = await signIn();
    const csrf = (await me(ended)).json().session.csrfToken as string;
    await t.app.inject({
      method: 'POST',
      url: '/v1/me/sign-out',
      headers: { cookie: ended, host: 'garde.example', origin: 'http://garde.example', 'x-csrf-token': csrf },
    });
    await makeLink();
    const purged = await purgePrivacySessions(t.deps.db, minutes(3));
    expect(purged.links).toBeGreaterThan(0);
    expect(purged.sessions).toBeGreaterThan(0);
    const left = await t.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM privacy_links WHERE expires_at <= $1',
      [minutes(3)],
    );
    expect(left.rows[0]?.n).toBe(0);
    at(minutes(3));
    expect((await me(live)).statusCode).toBe(200);
  });

  it('the privacy page’s session cannot mint a tracker key: createSession is not a page operation (least privilege)', async () => {
    at(FIXED_NOW);
    const cookie = await signIn();
    const { session, subjectId } = (await me(cookie)).json();
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${subjectId}/sessions`,
      headers: {
        cookie,
        host: 'garde.example',
        origin: 'http://garde.example',
        'x-csrf-token': session.csrfToken,
      },
    });
    expectProblem(res, 403, 'PAGE_OPERATION_FORBIDDEN');
    const keys = await t.deps.db.query(
      'SELECT 1 FROM api_keys WHERE subject_id = $1 AND expires_at IS NOT NULL',
      [subjectId],
    );
    expect(keys.rowCount).toBe(0);
  });

  it('sign-out ends the session on the server and clears the cookie; it needs the CSRF token', async () => {
    at(FIXED_NOW);
    const cookie = await signIn();
    const csrfToken = (await me(cookie)).json().session.csrfToken as string;
    const own = { cookie, host: 'garde.example', origin: 'http://garde.example' };
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/me/sign-out', headers: own }),
      403,
      'CSRF_TOKEN_INVALID',
    );
    expect((await me(cookie)).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: '/v1/me/sign-out',
      headers: { ...own, 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^garde_privacy=; .*Max-Age=0/);
    expectProblem(await me(cookie), 401, 'SESSION_EXPIRED');
  });
});

describe('framing the privacy page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite');
  });
  afterAll(() => t.dispose());

  it('without GARDE_PRIVACY_FRAME_ANCESTORS no site may frame it: frame-ancestors none and X-Frame-Options DENY', async () => {
    t.deps.config.privacyFrameAncestors = [];
    const res = await t.app.inject({ method: 'GET', url: `/privacy/session?token=${'A'.repeat(43)}` });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('with the host’s origins configured, only they may frame it', async () => {
    t.deps.config.privacyFrameAncestors = ['https://banking.bank.example', 'https://app.bank.example'];
    try {
      const res = await t.app.inject({ method: 'GET', url: `/privacy/session?token=${'A'.repeat(43)}` });
      expect(res.headers['content-security-policy']).toContain(
        'frame-ancestors https://banking.bank.example https://app.bank.example',
      );
      expect(res.headers['x-frame-options']).toBeUndefined();
    } finally {
      t.deps.config.privacyFrameAncestors = [];
    }
  });
});

describe.each(BACKENDS)('behind a TLS proxy, on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend, { trustProxy: ['127.0.0.1'] });
  });
  afterAll(() => t.dispose());

  it('the session cookie is Secure when the trusted proxy says https, and not when an untrusted client does', async () => {
    const cookieFor = async (remoteAddress: string) => {
      const link = await t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${t.customerId}/privacy-links`,
        headers: t.as('host'),
      });
      const token = new URL(link.json().url, 'http://x').searchParams.get('token');
      const res = await t.app.inject({
        method: 'GET',
        url: `/privacy/session?token=${token}`,
        headers: { 'x-forwarded-proto': 'https' },
        remoteAddress,
      });
      expect(res.statusCode).toBe(303);
      return String(res.headers['set-cookie']);
    };
    expect(await cookieFor('127.0.0.1')).toMatch(/; Secure/);
    expect(await cookieFor('192.0.2.7')).not.toMatch(/Secure/);
  });
});
