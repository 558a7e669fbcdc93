import { Type as T } from 'typebox';
import { sessionClock } from '../../keys/sessions.ts';
import { GardeError } from '../../platform/errors.ts';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { PRIVATE_ANSWER } from '../../platform/http/session-cookie.ts';
import { sessionSignOutRoute } from '../../platform/http/sign-out.ts';
import { getSubject } from '../../subjects/subjects.ts';
import { PRIVACY_COOKIE, sessionCookie } from '../cookie.ts';
import { endSession, redeemPrivacyLink } from '../store.ts';

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
      headers: {
        ...PRIVATE_ANSWER,
        location: '/privacy/',
        'set-cookie': sessionCookie(request, opened.token),
      },
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
        givenName: T.Union([T.String(), T.Null()], {
          description:
            'The person’s own first name, for the page to greet them; nothing else of their identity.',
        }),
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
  async handler(_input, { deps, principal }) {
    const c = principal.cookie;
    const subjectId = principal.subjectId as string;
    return {
      status: 200,
      body: {
        subjectId,
        givenName: (await getSubject(deps, subjectId)).identity.givenName ?? null,
        session: c ? { expiresAt: c.expiresAt, csrfToken: c.csrfToken } : null,
      },
      // A name and the session's CSRF token: private, like every session answer.
      headers: PRIVATE_ANSWER,
    };
  },
});

export const signOutRoute = sessionSignOutRoute({
  url: '/v1/me/sign-out',
  operationId: 'signOut',
  summary:
    'End the privacy page’s session: the server forgets it and the answer clears its cookie (needs X-CSRF-Token)',
  tags: ['privacy page'],
  roles: ['customer'],
  sessionOf: (principal) => principal.cookie,
  refusal: 'Only the privacy page’s session signs out; a key is revoked with DELETE /v1/keys/{id}',
  end: endSession,
  cookie: PRIVACY_COOKIE,
});
