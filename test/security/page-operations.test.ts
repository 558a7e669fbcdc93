// Issue 14, least privilege: the privacy page's cookie session may call only the operations the
// page uses (src/privacy/page-operations.ts), enforced where every principal is authorised
// (src/platform/http/auth.ts authorize). Walked over every route Garde registers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_OPERATIONS } from '../../src/privacy/page-operations.ts';
import { ROUTES } from '../../src/routes.ts';
import { BACKENDS } from '../support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';
import { openPageSession, type PageSession } from '../support/privacy-session.ts';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const urlOf = (url: string, id: string) =>
  url
    .replaceAll(':id', id)
    .replaceAll(':holdingId', SAMPLE_ID)
    .replaceAll(':requestId', SAMPLE_ID)
    .replaceAll(':theme', 'vacances')
    .replaceAll(':topic', 'vacances')
    .replaceAll(':slug', 'not-found');
const payloadOf = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});

const isPublic = (r: (typeof ROUTES)[number]) => r.roles === 'public';
const forbidden = ROUTES.filter((r) => !isPublic(r) && !PAGE_OPERATIONS.has(r.operationId));
const listed = ROUTES.filter((r) => !isPublic(r) && PAGE_OPERATIONS.has(r.operationId));

describe.each(BACKENDS)(
  'the privacy page’s session may call only the page’s operations, on %s',
  (backend) => {
    let t: TestApp;
    let session: PageSession;
    beforeAll(async () => {
      t = await testApp(backend);
      session = await openPageSession(t);
    });
    afterAll(() => t.dispose());

    it('every listed operation is a registered route a customer may call', () => {
      const registered = new Map(ROUTES.map((r) => [r.operationId, r]));
      for (const op of PAGE_OPERATIONS) {
        const roles = registered.get(op)?.roles ?? [];
        expect(
          roles === 'public' || roles.includes('customer'),
          `${op}: a registered route a customer may call`,
        ).toBe(true);
      }
    });

    it(`every other protected route answers the cookie session 403 PAGE_OPERATION_FORBIDDEN, for its own id and any other (${forbidden.length} routes)`, async () => {
      expect(forbidden.length).toBeGreaterThan(20);
      for (const r of forbidden)
        for (const id of [t.customerId, SAMPLE_ID]) {
          const res = await t.app.inject({
            method: r.method,
            url: urlOf(r.url, id),
            headers: session.headers,
            payload: payloadOf(r.method),
          });
          const got = `${r.method} ${r.url} ${res.statusCode} ${res.json().code}`;
          expect(got).toBe(`${r.method} ${r.url} 403 PAGE_OPERATION_FORBIDDEN`);
          expectProblem(res, 403, 'PAGE_OPERATION_FORBIDDEN');
        }
    });

    it(`the listed operations and the public routes never answer it so (${listed.length} listed)`, async () => {
      // Sign-out ends the session, so it goes last.
      const ordered = [...ROUTES].sort(
        (a, b) => Number(a.operationId === 'signOut') - Number(b.operationId === 'signOut'),
      );
      for (const r of ordered.filter((x) => isPublic(x) || PAGE_OPERATIONS.has(x.operationId))) {
        const res = await t.app.inject({
          method: r.method,
          url: urlOf(r.url, t.customerId),
          headers: session.headers,
          payload: payloadOf(r.method),
        });
        expect(res.statusCode, `${r.method} ${r.url}`).not.toBe(401);
        const code = String(res.headers['content-type']).includes('json') ? res.json().code : undefined;
        expect(`${r.method} ${r.url} ${code}`).not.toBe(`${r.method} ${r.url} PAGE_OPERATION_FORBIDDEN`);
        expect(code, `${r.method} ${r.url}`).not.toBe('ROLE_FORBIDDEN');
      }
    });

    it('the session cannot open a tracking session (createSession is not listed); a customer’s API key still can', async () => {
      const mine = await openPageSession(t);
      const url = `/v1/subjects/${t.customerId}/sessions`;
      expectProblem(
        await t.app.inject({ method: 'POST', url, headers: mine.headers }),
        403,
        'PAGE_OPERATION_FORBIDDEN',
      );
      const keys = await t.deps.db.query(
        'SELECT 1 FROM api_keys WHERE subject_id = $1 AND expires_at IS NOT NULL',
        [t.customerId],
      );
      expect(keys.rowCount).toBe(0);
      const byKey = await t.app.inject({ method: 'POST', url, headers: t.as('customer') });
      expect(byKey.statusCode).toBe(201);
    });

    it('a customer’s API key is not limited to the page’s operations', async () => {
      const notListed = forbidden.filter(
        (r) => (r.roles as readonly string[]).includes('customer') && r.method === 'GET',
      );
      expect(notListed.length).toBeGreaterThan(0);
      for (const r of notListed) {
        const res = await t.app.inject({
          method: r.method,
          url: urlOf(r.url, t.customerId),
          headers: t.as('customer'),
        });
        const code = String(res.headers['content-type']).includes('json') ? res.json().code : undefined;
        expect(`${r.url} ${code}`).not.toBe(`${r.url} PAGE_OPERATION_FORBIDDEN`);
        expect(res.statusCode, r.url).not.toBe(403);
      }
    });
  },
);
