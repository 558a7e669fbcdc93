// Opens the privacy page's cookie session as a browser would (host key -> privacy link -> follow
// it once), for tests that call the API with the cookie through app.inject.
import { expect } from 'vitest';
import type { TestApp } from './http.ts';

/** The origin tests pretend Garde is served on: the CSRF check compares Origin with it. */
export const PAGE_HOST = 'garde.example';

export type PageSession = {
  cookie: string;
  csrfToken: string;
  /** Headers of a request the page itself makes: the cookie, its origin and the CSRF token. */
  headers: Record<string, string>;
};

export async function openPageSession(t: TestApp, subjectId = t.customerId): Promise<PageSession> {
  const link = await t.app.inject({
    method: 'POST',
    url: `/v1/subjects/${subjectId}/privacy-links`,
    headers: { ...t.as('host'), host: PAGE_HOST },
  });
  expect(link.statusCode).toBe(201);
  const url = new URL(link.json().url as string);
  const opened = await t.app.inject({ method: 'GET', url: url.pathname + url.search });
  expect(opened.statusCode).toBe(303);
  const cookie = String(opened.headers['set-cookie']).split(';')[0] as string;
  const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } });
  expect(me.statusCode).toBe(200);
  const csrfToken = me.json().session.csrfToken as string;
  return {
    cookie,
    csrfToken,
    headers: { cookie, host: PAGE_HOST, origin: `http://${PAGE_HOST}`, 'x-csrf-token': csrfToken },
  };
}
