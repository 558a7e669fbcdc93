// Least privilege: every protected route names its roles; anything else is refused before the
// body is even parsed. Identifying the key and judging what it may do are two steps, so the
// per-key rate limit can count every request of a known key, refused ones included.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_COOKIE } from '../../console/store.ts';
import type { Principal } from '../../keys/model.ts';
import { PRIVACY_COOKIE } from '../../privacy/cookie.ts';
import { PAGE_OPERATIONS } from '../../privacy/page-operations.ts';
import { GardeError } from '../errors.ts';
import { requestOrigin } from './origin.ts';
import type { AnyRoute } from './route.ts';
import { sessionCookieNamed } from './session-cookie.ts';
import { csrfMatches } from './session-token.ts';

// RFC 9110 §11.1: the scheme is case-insensitive; spaces around the token do not matter.
const BEARER = /^[ \t]*bearer[ \t]+([^ \t]+)[ \t]*$/i;

/**
 * The key a request carries, however it is sent: `Authorization: Bearer` (any case, any spacing),
 * `X-Api-Key`, or `?access_token=` (session keys only, checked in identify). The same parser
 * serves authentication and rate limiting, so one key cannot pass for two.
 */
export function bearerKey(req: FastifyRequest): { key: string; inUrl: boolean } | undefined {
  const auth = req.headers.authorization;
  const header = req.headers['x-api-key'];
  const fromAuth = typeof auth === 'string' ? BEARER.exec(auth)?.[1] : undefined;
  if (auth !== undefined && fromAuth === undefined)
    throw new GardeError('AUTH_INVALID', 'Send the key as "Authorization: Bearer <key>"');
  const fromHeader = typeof header === 'string' ? header.trim() : undefined;
  if (fromAuth !== undefined && fromHeader !== undefined && fromAuth !== fromHeader)
    throw new GardeError('AUTH_INVALID', 'Send one key, in Authorization or in X-Api-Key');
  const key = fromAuth ?? fromHeader;
  if (key !== undefined) return { key, inUrl: false };
  // sendBeacon cannot set headers: a short-lived, scoped session key may come in the URL.
  const query = (req.query as { access_token?: unknown } | undefined)?.access_token;
  return typeof query === 'string' ? { key: query, inUrl: true } : undefined;
}

/** How a session cookie's token becomes its principal (null: unknown, ended or expired). */
export type SessionLookup = (token: string) => Promise<Principal | null>;

/**
 * Who is calling: 401 without a key, with an unknown or revoked one, or a long-lived key in a URL.
 * Without a key, a session cookie may stand for one: the privacy page's (src/privacy) for a
 * customer, the console's (src/console) for a member of staff. An ended or unknown session is 401
 * (SESSION_EXPIRED, CONSOLE_SESSION_EXPIRED) and the answer clears its cookie. A key, when sent,
 * always wins: API callers are never judged by a cookie.
 */
export async function identify(
  req: FastifyRequest,
  reply: FastifyReply,
  def: AnyRoute,
  lookup: (key: string) => Promise<Principal | null>,
  sessions: { privacy: SessionLookup; console: SessionLookup },
): Promise<Principal> {
  const found = bearerKey(req);
  if (!found) {
    const principal = await identifyCookie(req, reply, def, sessions);
    refuseCrossSiteChange(req, principal);
    return principal;
  }
  const principal = await lookup(found.key);
  if (!principal) throw new GardeError('AUTH_INVALID');
  // A long-lived key in a URL would end up in proxies' logs: only short-lived session keys may,
  // whatever scopes a long-lived key holds.
  if (found.inUrl && !principal.session)
    throw new GardeError('AUTH_INVALID', 'Only a session key may be sent in the URL');
  return principal;
}

const CONSOLE = sessionCookieNamed(CONSOLE_COOKIE);

/**
 * The session a request's cookie stands for. A browser may hold both kinds (a member of staff
 * looking at a privacy page): the privacy page's operations are judged by its cookie, the rest
 * by the console's, so neither page ever acts with the other's authority.
 */
async function identifyCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  def: AnyRoute,
  sessions: { privacy: SessionLookup; console: SessionLookup },
): Promise<Principal> {
  const privacy = PRIVACY_COOKIE.read(req);
  const staff = CONSOLE.read(req);
  const useConsole = staff !== undefined && !(privacy !== undefined && PAGE_OPERATIONS.has(def.operationId));
  if (useConsole) {
    const principal = await sessions.console(staff);
    if (principal) return principal;
    reply.header('set-cookie', CONSOLE.clear(req));
    throw new GardeError('CONSOLE_SESSION_EXPIRED');
  }
  if (privacy === undefined)
    throw new GardeError('AUTH_MISSING', 'Send the key as "Authorization: Bearer <key>"');
  const principal = await sessions.privacy(privacy);
  if (principal) return principal;
  reply.header('set-cookie', PRIVACY_COOKIE.clear(req));
  throw new GardeError('SESSION_EXPIRED');
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * CSRF: any request with the cookie from another site (Sec-Fetch-Site `cross-site` or
 * `same-site`) is refused, reads included. A change made with the cookie must come from Garde's own page: the session's token in
 * X-CSRF-Token (compared in constant time) and, from the browser, `Origin` equal to this
 * instance's origin or, without Origin, `Sec-Fetch-Site: same-origin`. Checked before the body
 * is read, so a refused request changes nothing.
 */
function refuseCrossSiteChange(req: FastifyRequest, principal: Principal): void {
  const session = principal.cookie ?? principal.staff;
  if (!session) return;
  if (SAFE_METHODS.has(req.method)) {
    // A read with the cookie may still act: a delivery recorded, a search audited. A sibling
    // subdomain's <img> or link is `same-site`, so SameSite cookies do not stop it; the browser's
    // Fetch Metadata does. Garde's own pages send `same-origin`, an address typed or a bookmark
    // `none`; a client that sends no Fetch Metadata is no browser a page can drive.
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      throw new GardeError('CSRF_TOKEN_INVALID', 'The request did not come from this server’s own page');
    return;
  }
  refuseCrossSite(req);
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !csrfMatches(sent, session.csrfToken))
    throw new GardeError(
      'CSRF_TOKEN_INVALID',
      'Send the csrfToken of GET /v1/me (GET /v1/console/me for the console) in X-CSRF-Token',
    );
}

/**
 * A request that must come from Garde's own page (a change with a session cookie, a console
 * sign-in): `Origin` equal to this instance's origin or, without Origin, `Sec-Fetch-Site:
 * same-origin`; else 403 CSRF_TOKEN_INVALID.
 */
export function refuseCrossSite(req: FastifyRequest): void {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  const ownOrigin = requestOrigin(req);
  const sameOrigin =
    typeof origin === 'string' ? ownOrigin !== undefined && origin === ownOrigin : site === 'same-origin';
  if (!sameOrigin)
    throw new GardeError('CSRF_TOKEN_INVALID', 'The request did not come from this server’s own page');
}

/**
 * What the caller may do here: for the privacy page's cookie session, only the operations the
 * page uses; then its role, its scopes and, for a customer, its own subject only.
 */
export function authorize(req: FastifyRequest, principal: Principal, def: AnyRoute): void {
  // Issue 14, least privilege: the cookie session is narrower than a customer key. Judged first,
  // so a route the page does not use answers the same whatever its roles or the id in its path.
  if (principal.cookie && !PAGE_OPERATIONS.has(def.operationId)) {
    throw new GardeError(
      'PAGE_OPERATION_FORBIDDEN',
      `The privacy page's session may not call ${def.operationId}`,
    );
  }
  const roles = def.roles === 'public' ? [] : def.roles;
  if (!roles.includes(principal.role)) {
    throw new GardeError('ROLE_FORBIDDEN', `Role "${principal.role}" may not use this route`);
  }
  if (principal.scopes.length > 0 && !(def.scope && principal.scopes.includes(def.scope))) {
    throw new GardeError('ROLE_FORBIDDEN', `This key is limited to: ${principal.scopes.join(', ')}`);
  }
  // A customer reaches only its own subject; another id looks like no subject at all.
  // Customer routes without a subject in the path act on the key's own subject.
  if (
    principal.role === 'customer' &&
    def.subjectScoped &&
    (req.params as { id?: string }).id !== principal.subjectId
  ) {
    throw new GardeError('SUBJECT_NOT_FOUND');
  }
}
