import { Type as T } from 'typebox';
import { sessionClock } from '../../keys/sessions.ts';
import { GardeError } from '../../platform/errors.ts';
import { askedLanguages, ContentLanguageHeader, contentLanguage } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { getSubject } from '../../subjects/subjects.ts';
import { readerWords } from '../../words/words.ts';
import { clearedCookie, sessionCookie, sessionCookieOf } from '../cookie.ts';
import { PAGE_SCRIPT, privacyPage } from '../page.ts';
import { authenticateSession, endSession, redeemPrivacyLink } from '../store.ts';

/** Nothing of a privacy-page answer may be kept by a cache, nor its URL sent on as a Referer. */
const PRIVATE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

// The browser follows the host's link here once: the token becomes a cookie session and the
// answer sends the browser on to /privacy/, so the token leaves the address bar and history at
// once and no Referer ever carries it (docs/architecture.md, "The privacy page's sessions").
export const openPrivacySessionRoute = route({
  method: 'GET',
  url: '/privacy/session',
  operationId: 'openPrivacySession',
  summary:
    'Follow a privacy link (once, within two minutes): opens a cookie session for its person and redirects to /privacy/',
  tags: ['privacy page'],
  roles: 'public',
  schema: {
    querystring: T.Object(
      { token: T.String({ minLength: 1, maxLength: 100, description: 'The token of the privacy link.' }) },
      { additionalProperties: false },
    ),
    response: { 303: T.Null(), 410: ProblemSchema },
  },
  responses: {
    headers: {
      303: {
        Location: { description: 'The privacy page: /privacy/', schema: T.String(), required: true },
        'Set-Cookie': {
          description: 'The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure under TLS.',
          schema: T.String(),
          required: true,
        },
      },
    },
  },
  async handler({ query }, { deps, request }) {
    const opened = await redeemPrivacyLink(deps.db, query.token, sessionClock(deps.policy, deps.now()));
    if (!opened) throw new GardeError('PRIVACY_LINK_INVALID');
    return {
      status: 303,
      headers: { ...PRIVATE, location: '/privacy/', 'set-cookie': sessionCookie(request, opened.token) },
    };
  },
});

export const getMeRoute = route({
  method: 'GET',
  url: '/v1/me',
  operationId: 'getMe',
  summary:
    'Who the caller is: its person and, for the privacy page’s session, when the session ends if idle and the CSRF token its changes must carry',
  tags: ['privacy page'],
  roles: ['customer'],
  schema: {
    response: {
      200: T.Object({
        subjectId: T.String({ format: 'uuid' }),
        session: T.Union(
          [
            T.Object({
              expiresAt: T.String({
                format: 'date-time',
                description: 'When the session ends unless used again (each use moves it, up to its limit).',
              }),
              csrfToken: T.String({ description: 'Send it in X-CSRF-Token with every change.' }),
            }),
            T.Null(),
          ],
          { description: 'The cookie session, or null when the caller used a key.' },
        ),
      }),
      ...protectedErrors,
    },
  },
  async handler(_input, { principal }) {
    const c = principal.cookie;
    return {
      status: 200,
      body: {
        subjectId: principal.subjectId,
        session: c ? { expiresAt: c.expiresAt, csrfToken: c.csrfToken } : null,
      },
      headers: { 'cache-control': 'no-store' },
    };
  },
});

export const signOutRoute = route({
  method: 'POST',
  url: '/v1/me/sign-out',
  operationId: 'signOut',
  summary:
    'End the privacy page’s session: the server forgets it and the answer clears its cookie (needs X-CSRF-Token)',
  tags: ['privacy page'],
  roles: ['customer'],
  schema: { response: { 204: T.Null(), ...protectedErrors } },
  responses: {
    headers: {
      204: {
        'Set-Cookie': { description: 'Clears the session cookie.', schema: T.String(), required: true },
      },
    },
  },
  async handler(_input, { deps, principal, request }) {
    if (!principal.cookie)
      throw new GardeError(
        'REQUEST_INVALID',
        'Only the privacy page’s session signs out; a key is revoked with DELETE /v1/keys/{id}',
      );
    await endSession(deps.db, principal.cookie.sessionId, deps.now());
    return { status: 204, headers: { ...PRIVATE, 'set-cookie': clearedCookie(request) } };
  },
});

export const privacyPageRoute = route({
  method: 'GET',
  url: '/privacy/',
  operationId: 'getPrivacyPage',
  summary:
    'The customer’s privacy page (HTML): who is signed in with the session cookie, and a sign-out button; without a live session, how to open it',
  tags: ['privacy page'],
  roles: 'public',
  schema: { response: {} },
  responses: {
    content: { 200: { 'text/html': { type: 'string' } } },
    headers: { 200: ContentLanguageHeader },
  },
  async handler({ headers }, { deps, request }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    const token = sessionCookieOf(request);
    const principal = token
      ? await authenticateSession(deps.db, token, sessionClock(deps.policy, deps.now()))
      : null;
    const who =
      principal?.subjectId && principal.cookie
        ? {
            givenName: (await getSubject(deps, principal.subjectId)).identity.givenName ?? null,
            csrfToken: principal.cookie.csrfToken,
          }
        : null;
    return {
      status: 200,
      body: privacyPage(deps.policy, words, who),
      headers: {
        ...PRIVATE,
        'content-type': 'text/html; charset=utf-8',
        vary: 'Accept-Language, Cookie',
        ...contentLanguage(words.language),
        ...(token && !principal ? { 'set-cookie': clearedCookie(request) } : {}),
      },
    };
  },
});

export const privacyPageScriptRoute = route({
  method: 'GET',
  url: '/privacy/page.js',
  operationId: 'getPrivacyPageScript',
  summary: 'The privacy page’s script: sends the sign-out with the session’s CSRF token',
  tags: ['privacy page'],
  roles: 'public',
  schema: { response: {} },
  responses: { content: { 200: { 'text/javascript': { type: 'string' } } } },
  async handler() {
    return {
      status: 200,
      body: PAGE_SCRIPT,
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' },
    };
  },
});
