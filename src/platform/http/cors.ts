// The controller's website is not on Garde's origin: the tracker SDK and the routes it calls answer
// browsers on the origins of GARDE_CORS_ORIGINS (CORS, preflight included), and only those
// routes. Every other route stays same-origin: no CORS headers, and a preflight finds no route.
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { patternRegex } from './framework-errors.ts';
import type { AnyRoute } from './route.ts';

/**
 * Headers the SDK sends: its session token (a bearer token, never a cookie, so no
 * Allow-Credentials), its JSON body, and an optional Idempotency-Key.
 */
export const CORS_REQUEST_HEADERS = ['authorization', 'content-type', 'idempotency-key'];
/** Read by the SDK to wait as told after a 429 or 503; not a CORS-safelisted response header. */
export const CORS_EXPOSED_HEADERS = ['retry-after'];
/** Seconds a browser may reuse a preflight: Chromium's own ceiling (Firefox allows 24 hours). */
export const PREFLIGHT_MAX_AGE_S = 7200;

const NONE: FastifyCorsOptions = { origin: false };

/**
 * Registers @fastify/cors for the routes declared `crossOrigin`. Its catch-all OPTIONS route
 * answers a preflight (204) only when the path is one of theirs and the origin is allowed; any
 * other OPTIONS goes on to the not-found handler (405 with Allow, or 404), as before.
 * Every answer that gets this far carries `Vary: Origin` (the plugin adds it for a delegator),
 * which the tracker's answers need: which CORS headers they carry depends on the origin.
 */
export async function registerCors(
  app: FastifyInstance,
  origins: readonly string[],
  routes: readonly AnyRoute[],
): Promise<void> {
  const allowed = new Set(origins);
  const crossOrigin = routes.filter((r) => r.crossOrigin).map((r) => ({ ...r, regex: patternRegex(r.url) }));
  const methodsAt = (path: string) => crossOrigin.filter((r) => r.regex.test(path)).map((r) => r.method);
  const optionsFor = (req: FastifyRequest): FastifyCorsOptions => {
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return NONE;
    const methods = methodsAt(req.url.split('?')[0] ?? '/');
    if (methods.length === 0) return NONE;
    // An OPTIONS that is no preflight is not a CORS request: it is answered as it always was.
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] === undefined) return NONE;
    return {
      origin,
      methods,
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: PREFLIGHT_MAX_AGE_S,
      credentials: false,
    };
  };
  // After the per-client rate limit, so a preflight counts like any request. (Its 429 then
  // carries no CORS header: the SDK sees a network error and backs off all the same.)
  await app.register(cors, { hook: 'onRequest', delegator: async (req: FastifyRequest) => optionsFor(req) });
}
