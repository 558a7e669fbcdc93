// The privacy page's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other
// site's page sends it), Path=/ (the page and the API it calls), Secure whenever the request came
// over TLS, directly (GARDE_TLS_*) or through a trusted proxy that says https (GARDE_TRUST_PROXY).
// A session cookie (no Max-Age): it ends with the browser; the server ends it sooner, idle or
// at its absolute lifetime (EN-17).
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './store.ts';

function attributes(req: FastifyRequest): string {
  return `Path=/; HttpOnly; SameSite=Strict${req.protocol === 'https' ? '; Secure' : ''}`;
}

export function sessionCookie(req: FastifyRequest, token: string): string {
  return `${SESSION_COOKIE}=${token}; ${attributes(req)}`;
}

/** Tells the browser to forget the cookie. */
export function clearedCookie(req: FastifyRequest): string {
  return `${SESSION_COOKIE}=; ${attributes(req)}; Max-Age=0`;
}

/** The session token the request's Cookie header carries, if any. */
export function sessionCookieOf(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}
