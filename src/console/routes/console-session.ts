// Signing in to the back office (issue 15, "Signing in"): a member of staff's key is exchanged
// once for a cookie session of its role, which then calls exactly the routes that role may call
// with the key (src/platform/http/auth.ts), every change audited under their name. The key never
// stays in the browser: the page forgets it as soon as the session is open.

import type { FastifyRequest } from 'fastify';
import { Type as T } from 'typebox';
import { actorOf, isStaffRole, STAFF_ROLES, type StaffRole } from '../../keys/model.ts';
import { sessionClock } from '../../keys/sessions.ts';
import { authenticate, keyLabel } from '../../keys/store.ts';
import type { Deps } from '../../platform/deps.ts';
import { GardeError } from '../../platform/errors.ts';
import { refuseCrossSite } from '../../platform/http/auth.ts';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { PRIVATE_ANSWER, sessionCookieNamed } from '../../platform/http/session-cookie.ts';
import { sessionSignOutRoute } from '../../platform/http/sign-out.ts';
import {
  CONSOLE_COOKIE,
  endConsoleSession,
  endConsoleSessionOf,
  openConsoleSession,
  type StaffMember,
} from '../store.ts';

export const CONSOLE = sessionCookieNamed(CONSOLE_COOKIE);

const StaffRoleSchema = T.Union(
  STAFF_ROLES.map((r) => T.Literal(r)),
  { description: 'The role the session acts as.' },
);

const SignedInSchema = T.Object({
  role: StaffRoleSchema,
  actor: T.String({
    description:
      'Who the audit trail names for what this session does: `key:<id>` for a key, `oidc:<issuer>#<sub>` for OpenID Connect.',
  }),
  displayName: T.String({ description: 'What to call the member of staff on screen.' }),
  csrfToken: T.Union([T.String(), T.Null()], {
    description: 'Send it in X-CSRF-Token with every change; null when the caller used a key.',
  }),
  expiresAt: T.Union([T.String({ format: 'date-time' }), T.Null()], {
    description:
      'When the session ends unless used again (each use moves it, up to its absolute limit); null for a key.',
  }),
  languages: T.Array(T.String(), { description: 'The languages the policy declares, its first first.' }),
});

/** What the console shows of who is signed in (both sign-in answers and GET /v1/console/me). */
function signedIn(
  deps: Deps,
  who: { role: StaffRole; actor: string; displayName: string },
  session: { csrfToken: string; expiresAt: Date } | undefined,
) {
  return {
    role: who.role,
    actor: who.actor,
    displayName: who.displayName,
    csrfToken: session?.csrfToken ?? null,
    expiresAt: session?.expiresAt.toISOString() ?? null,
    languages: [...deps.policy.policy.languages],
  };
}

/**
 * Opens a session for a member of staff already proven (a key, an OpenID provider): its answer's
 * body and the cookie that carries it. Shared by every way of signing in.
 */
export async function startStaffSession(deps: Deps, request: FastifyRequest, who: StaffMember) {
  await endConsoleSessionOf(deps.db, CONSOLE.read(request), deps.now());
  const opened = await openConsoleSession(deps.db, who, sessionClock(deps.policy, deps.now()));
  return {
    body: signedIn(deps, who, opened),
    headers: { ...PRIVATE_ANSWER, 'set-cookie': CONSOLE.set(request, opened.token) },
  };
}

export const signInOptionsRoute = route({
  method: 'GET',
  url: '/v1/console/sign-in',
  operationId: 'getConsoleSignInOptions',
  summary: 'How staff may sign in to the console: with a key always, with OpenID Connect when configured',
  tags: ['console'],
  roles: 'public',
  schema: {
    response: {
      200: T.Object({
        key: T.Literal(true, { description: 'A staff role’s API key always opens a session.' }),
        oidc: T.Union(
          [T.Object({ name: T.String({ description: 'The provider’s name, to show.' }) }), T.Null()],
          {
            description: 'The OpenID provider, when one is configured; null otherwise.',
          },
        ),
      }),
    },
  },
  async handler(_input, { deps }) {
    const oidc = deps.config.oidc ? { name: deps.config.oidc.name } : null;
    return { status: 200, body: { key: true as const, oidc }, headers: { 'cache-control': 'no-cache' } };
  },
});

export const openConsoleSessionRoute = route({
  method: 'POST',
  url: '/v1/console/sessions',
  operationId: 'openConsoleSession',
  summary:
    'Sign in to the console with the API key of a staff role (agent, marketer, dpo): opens a cookie session of that role',
  tags: ['console'],
  roles: 'public',
  signIn: true,
  schema: {
    body: T.Object(
      { key: T.String({ minLength: 1, maxLength: 200, description: 'The API key.' }) },
      { additionalProperties: false },
    ),
    response: {
      201: SignedInSchema,
      400: ProblemSchema,
      401: ProblemSchema,
      403: ProblemSchema,
      429: ProblemSchema,
    },
  },
  responses: {
    headers: {
      201: {
        'Set-Cookie': {
          description: 'The console session cookie: HttpOnly, SameSite=Strict, Path=/, Secure under TLS.',
          schema: T.String(),
          required: true,
        },
      },
    },
  },
  async handler({ body }, { deps, request }) {
    // Login CSRF: another site's page may not sign a browser in under someone else's key.
    refuseCrossSite(request);
    const key = await authenticate(deps.db, body.key, sessionClock(deps.policy, deps.now()));
    if (!key) throw new GardeError('AUTH_INVALID');
    // A scoped key (a tracker's session) is a machine's, whatever its role.
    if (!isStaffRole(key.role) || key.scopes.length > 0) throw new GardeError('CONSOLE_ROLE_FORBIDDEN');
    const displayName = await keyLabel(deps.db, key.keyId);
    const started = await startStaffSession(deps, request, {
      role: key.role,
      actor: actorOf(key),
      displayName,
      keyId: key.keyId,
    });
    return { status: 201, ...started };
  },
});

export const getConsoleMeRoute = route({
  method: 'GET',
  url: '/v1/console/me',
  operationId: 'getConsoleMe',
  summary:
    'Who is signed in to the console: role, audit actor, name, when the session ends if idle, and the CSRF token its changes must carry',
  tags: ['console'],
  roles: STAFF_ROLES,
  schema: { response: { 200: SignedInSchema, ...protectedErrors } },
  async handler(_input, { deps, principal }) {
    const displayName = principal.staff?.displayName ?? (await keyLabel(deps.db, principal.keyId));
    const who = { role: principal.role as StaffRole, actor: actorOf(principal), displayName };
    return { status: 200, body: signedIn(deps, who, principal.staff), headers: PRIVATE_ANSWER };
  },
});

export const signOutOfConsoleRoute = sessionSignOutRoute({
  url: '/v1/console/sign-out',
  operationId: 'signOutOfConsole',
  summary:
    'End the console session: the server forgets it and the answer clears its cookie (needs X-CSRF-Token)',
  tags: ['console'],
  roles: STAFF_ROLES,
  sessionOf: (principal) => principal.staff,
  refusal: 'Only a console session signs out; a key is revoked with DELETE /v1/keys/{id}',
  end: endConsoleSession,
  cookie: CONSOLE,
});

export const CONSOLE_SESSION_ROUTES = [
  signInOptionsRoute,
  openConsoleSessionRoute,
  getConsoleMeRoute,
  signOutOfConsoleRoute,
];
