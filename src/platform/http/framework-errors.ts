// What the framework answers before any route runs, in the same problem+json as everything else:
// an unknown path (404), a known path with a method it does not serve (405 with Allow, computed
// from the routes actually registered), a URL that is not validly percent-encoded, a path segment
// over the router's limit, and HTTP the parser refuses (headers over 16 KB -> 431).
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { type ErrorCode, GardeError, problem } from '../errors.ts';

type Pattern = { regex: RegExp; methods: Set<string> };

/** Collects every registered route's path pattern and methods; call before any route is added. */
export function trackRouteMethods(app: FastifyInstance): (path: string) => string[] {
  const patterns = new Map<string, Pattern>();
  app.addHook('onRoute', (route: RouteOptions) => {
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
function patternRegex(url: string): RegExp {
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

export function sendProblem(reply: FastifyReply, code: ErrorCode, detail?: string, extra = {}) {
  const body = problem(code, detail, extra);
  return reply.status(body.status).type('application/problem+json').send(body);
}

/** 404 for a path nothing serves; 405 with Allow when the path is served for other methods. */
export function notFoundHandler(allowedMethods: (path: string) => string[]) {
  return (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0] ?? '/';
    const allowed = allowedMethods(path);
    if (allowed.length === 0) return sendProblem(reply, 'NOT_FOUND', undefined, { instance: path });
    reply.header('allow', allowed.join(', '));
    return sendProblem(reply, 'METHOD_NOT_ALLOWED', `This path serves ${allowed.join(', ')}`, {
      instance: path,
    });
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

const PARSER_ERRORS: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/** Fastify's `clientErrorHandler`: HTTP that Node's parser refused; there is no request object. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  // The client is gone (ECONNRESET): nothing to answer and nothing worth an error line.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code = PARSER_ERRORS[err.code ?? ''] ?? 'REQUEST_INVALID';
  const answer = problem(code, code === 'REQUEST_INVALID' ? 'The request is not valid HTTP' : undefined);
  const body = JSON.stringify(answer);
  if (!socket.writable) return void socket.destroy();
  const head = [
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}
