// What the framework answers before any route runs, in the same problem+json as everything else:
// an unknown path (404), a known path with a method it does not serve (405 with Allow, computed
// from the routes actually registered), a URL that is not validly percent-encoded, a path segment
// over the router's limit, a head over Garde's limits (a URL over 16 KB -> 414, headers over
// 16 KB -> 431), an HTTP/1.1 request without one Host header (400), and what Node's own server
// would otherwise answer by itself with an empty body or not at all: HTTP its parser refuses, an
// Expect it cannot meet (417), a CONNECT (405: no proxy here).
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { type ErrorCode, GardeError, problem } from '../errors.ts';
import { requestInstance, sendProblem } from './problem-reply.ts';

type Pattern = { regex: RegExp; methods: Set<string> };

/** Collects every registered route's path pattern and methods; call before any route is added. */
export function trackRouteMethods(app: FastifyInstance): (path: string) => string[] {
  const patterns = new Map<string, Pattern>();
  app.addHook('onRoute', (route: RouteOptions) => {
    // @fastify/cors's catch-all OPTIONS answers only the tracker's preflights (http/cors.ts) and
    // hands any other request to the not-found handler: it serves no path of its own.
    if (route.url === '*') return;
    const entry = patterns.get(route.url) ?? { regex: patternRegex(route.url), methods: new Set() };
    for (const m of [route.method].flat()) entry.methods.add(m);
    if (entry.methods.has('GET')) entry.methods.add('HEAD');
    patterns.set(route.url, entry);
  });
  return (path) => {
    const methods = new Set<string>();
    for (const p of patterns.values()) if (p.regex.test(path)) for (const m of p.methods) methods.add(m);
    return [...methods].sort();
  };
}

/** `/v1/subjects/:id` -> a regex on a raw path: a parameter is one non-empty segment. */
export function patternRegex(url: string): RegExp {
  const body = url
    .split('/')
    .map((seg) => {
      if (seg === '*') return '.*';
      if (seg.startsWith(':')) return '[^/]+';
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${body}$`);
}

/** 404 for a path nothing serves; 405 with Allow when the path is served for other methods. */
export function notFoundHandler(allowedMethods: (path: string) => string[]) {
  return (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0] ?? '/';
    const allowed = allowedMethods(path);
    if (allowed.length === 0) return sendProblem(reply, 'NOT_FOUND');
    reply.header('allow', allowed.join(', '));
    return sendProblem(reply, 'METHOD_NOT_ALLOWED', `This path serves ${allowed.join(', ')}`);
  };
}

const ROUTER_ERRORS: Record<string, [ErrorCode, string]> = {
  FST_ERR_BAD_URL: ['URL_INVALID', 'The path holds a percent-escape that is not valid UTF-8'],
  FST_ERR_MAX_PARAM_LENGTH: ['PATH_SEGMENT_TOO_LONG', 'A path segment is longer than 100 characters'],
};

/** Fastify's `frameworkErrors`: errors of the router, before a route (or a hook) runs. */
export async function routerErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  // Even a request no route accepts counts against its client's budget.
  try {
    await req.server.countClient(req, reply);
  } catch (limited) {
    if (limited instanceof GardeError) return sendProblem(reply, limited.code, limited.detail, limited.extra);
    throw limited;
  }
  const [code, detail] = ROUTER_ERRORS[err.code] ?? ['REQUEST_INVALID', 'The request could not be routed'];
  return sendProblem(reply, code, detail);
}

/** Garde's limits on a request's head: its URL, and its header names and values together. */
export const MAX_URL_BYTES = 16 * 1024;
export const MAX_HEADER_BYTES = 16 * 1024;
/**
 * Node's parser gives up on a head at this size. It is set well above Garde's own limits, which
 * guardHead checks with the URL and the headers apart: the parser counts them as one, so a long
 * URL and long headers would both answer 431 were it the only limit.
 */
export const PARSER_HEAD_BYTES = 64 * 1024;

/** First hook of every request: the head within Garde's limits and, in HTTP/1.1, one Host. */
export async function guardHead(req: FastifyRequest, reply: FastifyReply) {
  const raw = req.raw;
  // A head refused here ends its connection, as one Node's parser refuses does.
  const refuse = (code: ErrorCode, detail: string) =>
    sendProblem(reply.header('connection', 'close'), code, detail);
  if (Buffer.byteLength(raw.url ?? '') > MAX_URL_BYTES)
    return refuse('URL_TOO_LONG', `The URL is over ${MAX_URL_BYTES} bytes`);
  const headerBytes = raw.rawHeaders.reduce((n, h) => n + Buffer.byteLength(h), 0);
  if (headerBytes > MAX_HEADER_BYTES)
    return refuse('HEADERS_TOO_LARGE', `The headers are over ${MAX_HEADER_BYTES} bytes`);
  // RFC 9112 3.2: an HTTP/1.1 request without a Host header, or with several, is answered 400.
  // HTTP/1.0 did not require one.
  const hosts = raw.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'host').length;
  if (hosts > 1 || (hosts === 0 && raw.httpVersion !== '1.0'))
    return refuse('HOST_INVALID', hosts > 1 ? 'Several Host headers' : 'No Host header');
}

const PARSER_ERRORS: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/**
 * Whether the parser overflowed still reading the request line: the URL, not the headers, is too
 * long. Known only from the read that overflowed: it starts with the method and holds no line
 * break. Past PARSER_HEAD_BYTES a head comes in several reads (Node reads 64 KB at a time), so
 * such a URL is mostly answered as headers (431); up to there guardHead tells them apart.
 */
function overflowedInUrl(err: NodeJS.ErrnoException): boolean {
  const { rawPacket, bytesParsed } = err as { rawPacket?: Buffer; bytesParsed?: number };
  if (!Buffer.isBuffer(rawPacket)) return false;
  const read = rawPacket.subarray(0, bytesParsed ?? rawPacket.length);
  return /^[A-Z]+ /.test(read.subarray(0, 32).toString('latin1')) && !read.includes(0x0a);
}

/** Fastify's `clientErrorHandler`: HTTP that Node's parser refused; there is no request object. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  // The client is gone (ECONNRESET): nothing to answer and nothing worth an error line.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code =
    err.code === 'HPE_HEADER_OVERFLOW' && overflowedInUrl(err)
      ? 'URL_TOO_LONG'
      : (PARSER_ERRORS[err.code ?? ''] ?? 'REQUEST_INVALID');
  writeProblem(socket, code, code === 'REQUEST_INVALID' ? 'The request is not valid HTTP' : undefined);
}

/** Node's `checkExpectation`: an Expect other than 100-continue, which Node would answer empty. */
export function expectationFailed(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify(
    problem('EXPECTATION_FAILED', undefined, { instance: requestInstance(req.url) }),
  );
  res.writeHead(417, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  res.end(body);
}

/** Node's `connect`: a CONNECT, whose connection Node would close without a word. */
export function connectRefused(_req: IncomingMessage, socket: Duplex): void {
  // Its target is an authority (host:port), no path of ours: the problem names no instance.
  writeProblem(socket, 'METHOD_NOT_ALLOWED', 'CONNECT is not served: Garde is not a proxy', {
    Allow: '',
  });
}

/**
 * Answers on the bare connection, where there is no response object, then closes it. There is
 * no parsed request either, so the problem names no instance.
 */
function writeProblem(
  socket: Duplex,
  code: ErrorCode,
  detail?: string,
  headers: Record<string, string> = {},
) {
  const answer = problem(code, detail);
  const body = JSON.stringify(answer);
  if (!socket.writable) return void socket.destroy();
  const head = [
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}
