// The cookies that carry Garde's browser sessions (the privacy page's, the console's): HttpOnly
// (no script reads them), SameSite=Strict (no other site's page sends them), Path=/ (the page and
// the API it calls), Secure whenever the request came over TLS, directly (GARDE_TLS_*) or through
// a trusted proxy that says https (GARDE_TRUST_PROXY). Session cookies (no Max-Age): they end with
// the browser; the server ends them sooner, idle or at their absolute lifetime (EN-17).
import type { FastifyRequest } from 'fastify';

export type SessionCookie = {
  readonly name: string;
  /** The Set-Cookie value that hands `token` to the browser. */
  set(req: FastifyRequest, token: string): string;
  /** The Set-Cookie value that tells the browser to forget it. */
  clear(req: FastifyRequest): string;
  /** The token the request's Cookie header carries under this name, if any. */
  read(req: FastifyRequest): string | undefined;
};

/**
 * The headers of every answer about a session (opening, reading, ending it): nothing of it may be
 * kept by a cache, nor its URL sent on as a Referer.
 */
export const PRIVATE_ANSWER = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

function attributes(req: FastifyRequest): string {
  return `Path=/; HttpOnly; SameSite=Strict${req.protocol === 'https' ? '; Secure' : ''}`;
}

export function sessionCookieNamed(name: string): SessionCookie {
  return {
    name,
    set: (req, token) => `${name}=${token}; ${attributes(req)}`,
    clear: (req) => `${name}=; ${attributes(req)}; Max-Age=0`,
    read(req) {
      const header = req.headers.cookie;
      if (typeof header !== 'string') return undefined;
      for (const part of header.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
      }
      return undefined;
    },
  };
}
