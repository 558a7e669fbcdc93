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
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A path a URI holds as sent, as nearly every request's is. */
const URI_PATH = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
/** What encodeURIComponent escapes but a path holds as is (RFC 3986 §3.3: pchar and "/"). */
const PATH_DELIMITERS = ['/', ':', '@', '$', '&', '+', ',', ';', '='].map(
  (c) => [encodeURIComponent(c), c] as const,
);

/**
 * A path as a URI holds it: every character it may not hold as UTF-8 escapes (a lone surrogate,
 * which UTF-8 cannot hold, as U+FFFD's), the escapes it was sent with kept (`%2F` is not `/`), a
 * stray `%` escaped. Whole-string native passes, no callback per character: a 2,048-character
 * path of quotes costs about 0.2 ms (2 ms with one callback per character).
 */
function encodePath(path: string): string {
  if (URI_PATH.test(path)) return upperEscapes(path);
  let s = encodeURIComponent(path.replace(LONE_SURROGATE, '\uFFFD'));
  for (const [escaped, c] of PATH_DELIMITERS) s = s.replaceAll(escaped, c);
  // Each `%` sent became `%25`: where it began a valid escape, it is that escape again.
  return upperEscapes(s.replace(/%25([0-9A-Fa-f]{2})/g, '%$1'));
}

/** RFC 3986 §2.1: escapes in upper case (`%c3%a9` and `%C3%A9` are the same path). */
const upperEscapes = (path: string) =>
  /%[0-9A-F]?[a-f]/.test(path) ? path.replace(/%[0-9a-fA-F]{2}/g, (e) => e.toUpperCase()) : path;

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
  // Encoding only lengthens a path: one already too long is not worth encoding (up to 16 KB).
  if (!path.startsWith('/') || path.length > MAX_INSTANCE_CHARS) return undefined;
  const encoded = encodePath(path);
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
