// The one way a request is answered with a problem (RFC 9457): status, media type, Retry-After
// when the problem says when to retry, and an `instance` naming the request itself, never the
// route template, so a support ticket quoting it points at the very resource.
import type { FastifyReply } from 'fastify';
import { type ErrorCode, problem } from '../errors.ts';

/**
 * A longer path is not echoed: `instance` is left out (RFC 9457 §3.1 makes it optional) rather
 * than cut, since a cut path names another resource. Every path Garde serves is far shorter;
 * the URL itself may reach 16 KB (MAX_URL_BYTES).
 */
export const MAX_INSTANCE_CHARS = 2048;

/** `http://host:8080` before the path of an absolute-form request target (RFC 9112 §3.2.2). */
const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;
/** A valid escape (kept as sent), or a character a URI path may not hold as is (RFC 3986 §3.3). */
const ESCAPE_OR_NOT_PATH = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu;

const percentEncoded = (c: string): string =>
  [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/**
 * The request's path as a URI reference (RFC 3986 §4.1), for a problem's `instance`: the query
 * string is dropped, because it may carry personal data (`?email=`) or a session key
 * (`?access_token=`); characters a path may not hold are percent-encoded; undefined for a target
 * that is not a path (`*`, CONNECT's authority) or one over MAX_INSTANCE_CHARS.
 */
export function requestInstance(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const absolute = ABSOLUTE_FORM.exec(url);
  const target = absolute ? url.slice(absolute[0].length) || '/' : url;
  const path = target.split('?', 1)[0] ?? '';
  if (!path.startsWith('/')) return undefined;
  const encoded = path.replace(ESCAPE_OR_NOT_PATH, (m) =>
    m.length === 3 && m.startsWith('%') ? m : percentEncoded(m),
  );
  // `//x/y` would read as a host `x` (a network-path reference): `/.//x/y` resolves to the same
  // path on the same host, as WHATWG URL serialises such a path.
  const safe = encoded.startsWith('//') ? `/.${encoded}` : encoded;
  return safe.length <= MAX_INSTANCE_CHARS ? safe : undefined;
}

/** Answers `code` as problem+json, its instance the request's path; `extra.retryAfter` (seconds) sets Retry-After. */
export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
  extra: Record<string, unknown> = {},
) {
  const body = problem(code, detail, { ...extra, instance: requestInstance(reply.request.url) });
  // An answer that says "later" says when, in the header clients read (RFC 9110 §10.2.3).
  if (typeof body.retryAfter === 'number') reply.header('retry-after', String(body.retryAfter));
  return reply.status(body.status).type('application/problem+json').send(body);
}
