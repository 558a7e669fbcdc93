// Signing in to the console with OpenID Connect (issue 15), when GARDE_OIDC_* configure it:
// `start` sends the browser to the provider (authorization code + PKCE, state and nonce kept on
// the server, single use, ten minutes), `callback` takes it back, validates the answer through
// openid-client, maps the role claim to a staff role and opens the same cookie session a key
// opens, audited under `oidc:<issuer>#<sub>`. Every refusal sends the browser back to the console
// with the problem's code (`/console/?refused=<CODE>`), which the sign-in form says in words.
import type { FastifyRequest } from 'fastify';
import { Type as T } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { GardeError } from '../../platform/errors.ts';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema } from '../../platform/http/schemas.ts';
import { PRIVATE_ANSWER } from '../../platform/http/session-cookie.ts';
import { newToken } from '../../platform/http/session-token.ts';
import type { OidcConfig } from '../../platform/oidc-config.ts';
import { authorizationUrl, mappedRole, newSignInSecrets, provenPerson } from '../oidc.ts';
import { SIGN_IN_LIFETIME_MS, startSignIn, takeSignIn } from '../store.ts';
import { startStaffSession } from './console-session.ts';

const CALLBACK = '/v1/console/oidc/callback';
const BINDING_COOKIE = 'garde_oidc';

/**
 * Binds a sign-in to the browser that started it. SameSite=Lax, not Strict: the provider brings
 * the browser back with a top-level navigation from its own site, which Strict would not carry.
 */
function bindingCookie(req: FastifyRequest, value: string, maxAge: number): string {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${BINDING_COOKIE}=${value}; Path=/v1/console/oidc; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

function bindingOf(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  const found = header
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${BINDING_COOKIE}=`));
  return found?.slice(BINDING_COOKIE.length + 1);
}

/** Back to the console, which says why in words. */
const refused = (code: string) => ({
  status: 303,
  headers: { ...PRIVATE_ANSWER, location: `/console/?refused=${code}` },
});

function configured(deps: Deps): OidcConfig {
  const c = deps.config.oidc;
  if (!c) throw new GardeError('NOT_FOUND', 'OpenID Connect is not configured here (GARDE_OIDC_ISSUER)');
  return c;
}

const Redirect = {
  Location: { description: 'Where the browser goes next.', schema: T.String(), required: true },
};

export const startOidcSignInRoute = route({
  method: 'GET',
  url: '/v1/console/oidc/start',
  operationId: 'startConsoleOidcSignIn',
  summary:
    'Sign in to the console with OpenID Connect: redirects to the provider (authorization code + PKCE); 404 when not configured',
  tags: ['console'],
  roles: 'public',
  signIn: true,
  schema: { response: { 303: T.Null(), 404: ProblemSchema, 429: ProblemSchema } },
  responses: { headers: { 303: Redirect } },
  async handler(_input, { deps, request }) {
    const c = configured(deps);
    const state = newToken();
    const binding = newToken();
    const secrets = newSignInSecrets();
    let to: URL;
    try {
      to = await authorizationUrl(c, { state, ...secrets });
    } catch {
      return refused('OIDC_PROVIDER_UNAVAILABLE');
    }
    await startSignIn(deps.db, { state, binding, ...secrets }, deps.now());
    return {
      status: 303,
      headers: {
        ...PRIVATE_ANSWER,
        location: to.href,
        'set-cookie': bindingCookie(request, binding, SIGN_IN_LIFETIME_MS / 1000),
      },
    };
  },
});

export const finishOidcSignInRoute = route({
  method: 'GET',
  url: CALLBACK,
  operationId: 'finishConsoleOidcSignIn',
  summary:
    'Where the OpenID provider sends the browser back: opens a console session of the mapped role and redirects to /console/ (refusals to /console/?refused=<code>)',
  tags: ['console'],
  roles: 'public',
  schema: {
    // The provider may add parameters of its own (iss, session_state, scope): all go to the check.
    querystring: T.Object(
      {
        state: T.Optional(T.String({ maxLength: 200 })),
        code: T.Optional(T.String({ maxLength: 4000 })),
        error: T.Optional(T.String({ maxLength: 200 })),
      },
      { additionalProperties: T.String({ maxLength: 4000 }) },
    ),
    response: { 303: T.Null(), 400: ProblemSchema, 404: ProblemSchema },
  },
  responses: { headers: { 303: Redirect } },
  async handler({ query }, { deps, request }) {
    const c = configured(deps);
    const pending = query.state
      ? await takeSignIn(deps.db, query.state, bindingOf(request), deps.now())
      : null;
    if (!pending || !query.state || query.error) return refused('OIDC_SIGN_IN_INVALID');
    const search = request.url.slice(request.url.indexOf('?'));
    let person: Awaited<ReturnType<typeof provenPerson>>;
    try {
      person = await provenPerson(c, search, { state: query.state, ...pending });
    } catch (err) {
      // A provider that does not answer is not the person's mistake.
      const unreachable = err instanceof TypeError || (err as { code?: string }).code === 'ECONNREFUSED';
      return refused(unreachable ? 'OIDC_PROVIDER_UNAVAILABLE' : 'OIDC_SIGN_IN_INVALID');
    }
    const role = mappedRole(person.roleValues, c.roles);
    if (!role) return refused('CONSOLE_ROLE_FORBIDDEN');
    const started = await startStaffSession(deps, request, {
      role,
      actor: person.actor,
      displayName: person.displayName,
      keyId: null,
    });
    // The binding did its one job: the browser forgets it.
    const cookies = [started.headers['set-cookie'], bindingCookie(request, '', 0)];
    return { status: 303, headers: { ...started.headers, 'set-cookie': cookies, location: '/console/' } };
  },
});

export const CONSOLE_OIDC_ROUTES = [startOidcSignInRoute, finishOidcSignInRoute];
