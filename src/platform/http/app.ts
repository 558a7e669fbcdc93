// Builds the HTTP app from route declarations: validation, OpenAPI, auth by role, problem+json
// errors, security headers, rate limits and request logs without personal data.
import { AjvCompiler } from '@fastify/ajv-compiler';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { authenticateConsoleSession } from '../../console/store.ts';
import { actorOf, type Principal } from '../../keys/model.ts';
import { sessionClock } from '../../keys/sessions.ts';
import { authenticate } from '../../keys/store.ts';
import { declares } from '../../policy/features.ts';
import { registerPrivacyFraming } from '../../privacy/framing.ts';
import { authenticateSession } from '../../privacy/store.ts';
import type { Config } from '../config.ts';
import type { Deps } from '../deps.ts';
import { GardeError } from '../errors.ts';
import { authorize, identify } from './auth.ts';
import { registerBodyParsers } from './body-parsers.ts';
import { registerCors } from './cors.ts';
import { renderError } from './error-handler.ts';
import { useStrictDates } from './formats.ts';
import {
  clientErrorHandler,
  connectRefused,
  expectationFailed,
  guardHead,
  notFoundHandler,
  PARSER_HEAD_BYTES,
  routerErrors,
  trackRouteMethods,
} from './framework-errors.ts';
import { withIdempotency } from './idempotency.ts';
import { refuseUnstorableBody, refuseUnstorableRequest } from './input-guard.ts';
import { type OpenApiDocument, openapiDocument } from './openapi.ts';
import { requestOrigin } from './origin.ts';
import { type RateLimits, registerRateLimits } from './rate-limits.ts';
import type { AnyRoute, RouteContext, RouteInput } from './route.ts';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    principal: import('../../keys/model.ts').Principal | null;
  }
}

type AppOptions = {
  logStream?: { write(line: string): void };
  /** Runs after a protected route authenticated its caller, before the handler (e.g. GPC). */
  afterAuth?: (req: FastifyRequest, principal: Principal, deps: Deps) => Promise<void>;
  /** Sees every answer as it is sent: the tests check each one against the OpenAPI document. */
  onAnswer?: (req: FastifyRequest, reply: FastifyReply, payload: unknown) => void;
  /** Registers what the app serves besides the API's routes (the privacy page's files). */
  pages?: (app: FastifyInstance) => void;
};

export async function buildApp(
  deps: Deps,
  routes: readonly AnyRoute[],
  opts: AppOptions = {},
): Promise<FastifyInstance> {
  const app = createFastify(deps.config, opts);
  const allowedMethods = trackRouteMethods(app);
  const limits = await registerRateLimits(app, deps.config);
  // Built once, from the route table; each answer of /openapi.json only adds its server. It
  // lists what this instance serves: the routes of a part the policy leaves out are not there
  // (they answer FEATURE_NOT_DECLARED); the committed client keeps every route for any policy.
  const document = openapiDocument(
    routes.filter((def) => !def.feature || declares(deps.policy, def.feature)),
  );
  await registerPlugins(app, deps.config, document);
  registerErrorsAndLogs(app, allowedMethods);
  // After the error handler and hooks: its catch-all OPTIONS route is a route like the others.
  await registerCors(app, deps.config.corsOrigins, routes);
  registerPrivacyFraming(app, deps.config);
  const onAnswer = opts.onAnswer;
  if (onAnswer) {
    app.addHook('onSend', async (req, reply, payload) => {
      onAnswer(req, reply, payload);
      return payload;
    });
  }
  // The document names this instance as its server, as the caller reached it (behind a trusted
  // proxy, as the proxy says).
  app.get('/openapi.json', async (req, reply) => {
    reply.header('cache-control', 'no-cache');
    return { ...document, servers: [{ url: serverUrl(req), description: 'This Garde instance' }] };
  });
  for (const def of routes) register(app, deps, def, limits, opts.afterAuth);
  opts.pages?.(app);
  await app.ready();
  return app;
}

/**
 * Node's HTTP server, told to leave to guardHead what it would answer itself with an empty body
 * (no Host: a bare 400) or fold into one limit (a long URL counted as headers: 431).
 */
const NODE_HTTP = { maxHeaderSize: PARSER_HEAD_BYTES, requireHostHeader: false };

const ajvCompilers = AjvCompiler();

/**
 * Validators: a query string, path or header is text, so its values are coerced to the schema's
 * types (`?limit=5`, a lone `?status=x` as a list); a JSON body already says its types, so it is
 * taken as sent: `"priority": "7"` or `"name": 5` is 400 REQUEST_INVALID, never read as another
 * value than the client wrote.
 */
function strictBodies(
  externalSchemas: Parameters<ReturnType<typeof AjvCompiler>>[0],
  options: Parameters<ReturnType<typeof AjvCompiler>>[1],
) {
  const coercing = ajvCompilers(externalSchemas, options);
  // The options are ours (`ajv` above): Ajv's, never JTD's.
  const own = options as { customOptions?: Record<string, unknown> };
  const strict = ajvCompilers(externalSchemas, {
    ...own,
    customOptions: { ...own.customOptions, coerceTypes: false },
  } as typeof options);
  return (route: Parameters<typeof coercing>[0]) =>
    route.httpPart === 'body' ? strict(route) : coercing(route);
}

function createFastify(config: Config, opts: AppOptions): FastifyInstance {
  const options: FastifyServerOptions = {
    bodyLimit: DEFAULT_BODY_LIMIT,
    // The client address is the rate limit's key and the consent proof's network (EN-9): behind
    // a load balancer it comes from X-Forwarded-For, trusted only from the proxies configured.
    trustProxy: trustedProxies(config.trustProxy),
    // Router and HTTP-parser errors answer problem+json like everything else.
    frameworkErrors: routerErrors,
    clientErrorHandler,
    // Fastify's own request lines would carry the URL and the IP; ours (onResponse) do not.
    logController: new LogController({ disableRequestLogging: true }),
    logger: {
      level: config.logLevel,
      ...(opts.logStream ? { stream: opts.logStream } : {}),
      // Only technical fields: no URL (it may hold a subject id), no IP, no headers, no bodies.
      serializers: {
        err: (e: Error & { code?: string }) => {
          // A database error's message can quote the offending value: keep its SQLSTATE and
          // the stack frames, never the text.
          const fromDb = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
          const stack = e.stack ?? '';
          return {
            type: e.name,
            code: e.code,
            message: fromDb ? '(database error: see code)' : e.message,
            stack: fromDb ? stack.split('\n').slice(1).join('\n') : stack,
          };
        },
      },
    },
    ajv: {
      customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true },
      onCreate: useStrictDates,
    },
    schemaController: { compilersFactory: { buildValidator: strictBodies } },
  };
  const https = config.tls ? { cert: config.tls.cert, key: config.tls.key, ...NODE_HTTP } : null;
  // Fastify types an HTTPS instance apart; the app behaves the same either way.
  const app = (https
    ? Fastify({ ...options, https } as FastifyServerOptions)
    : Fastify({ ...options, http: NODE_HTTP })) as unknown as FastifyInstance;
  // Before any other hook, so every answer after it can rely on a head within limits.
  app.addHook('onRequest', guardHead);
  app.server.on('checkExpectation', expectationFailed);
  app.server.on('connect', connectRefused);
  app.decorateRequest('principal', null);
  registerBodyParsers(app);
  return app;
}

/** This instance's origin as the caller reached it, or `/` when the Host header is not a host. */
function serverUrl(req: FastifyRequest): string {
  return requestOrigin(req) ?? '/';
}

function trustedProxies(trust: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof trust !== 'number') return trust;
  return (_address: string, hop: number) => hop < trust;
}

async function registerPlugins(
  app: FastifyInstance,
  config: Config,
  document: OpenApiDocument,
): Promise<void> {
  await app.register(helmet, {
    // The API serves JSON; only /docs needs scripts and styles from its own origin.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } },
    hsts: config.tls ? { maxAge: 31_536_000 } : false,
  });
  // The UI at /docs shows the document built from the route table (src/platform/http/openapi.ts).
  await app.register(swagger, {
    mode: 'static',
    specification: { document: document as never },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}

function registerErrorsAndLogs(app: FastifyInstance, allowedMethods: (path: string) => string[]): void {
  app.setErrorHandler((err, req, reply) => renderError(err as FastifyError, req, reply));
  app.setNotFoundHandler(notFoundHandler(allowedMethods));
  app.addHook('preValidation', refuseUnstorableBody);
  app.addHook('preHandler', refuseUnstorableRequest);
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        route: req.routeOptions.url ?? 'unmatched',
        method: req.method,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        role: req.principal?.role,
      },
      'request',
    );
  });
}

/** A route of a part the policy in force does not declare answers so (src/policy/features.ts). */
function refuseUndeclared(deps: Deps, def: AnyRoute): void {
  if (def.feature && !declares(deps.policy, def.feature))
    throw new GardeError('FEATURE_NOT_DECLARED', `The policy in force declares no ${def.feature}`);
}

function register(
  app: FastifyInstance,
  deps: Deps,
  def: AnyRoute,
  limits: RateLimits,
  afterAuth: AppOptions['afterAuth'],
): void {
  const isPublic = def.roles === 'public';
  app.route({
    method: def.method,
    url: def.url,
    bodyLimit: def.bodyLimit,
    schema: def.schema,
    onRequest: isPublic
      ? (def.signIn || def.feature) &&
        (async (req, reply) => {
          if (def.signIn) await limits.signIn(req, reply);
          refuseUndeclared(deps, def);
        })
      : async (req, reply) => {
          const clock = () => sessionClock(deps.policy, deps.now());
          const principal = await identify(req, reply, def, (k) => authenticate(deps.db, k, clock()), {
            privacy: (token) => authenticateSession(deps.db, token, clock()),
            console: (token) => authenticateConsoleSession(deps.db, token, clock()),
          });
          // Counted as soon as the key is known: a request its role may not make still counts.
          await limits.perKey(req, reply, principal);
          authorize(req, principal, def);
          // Before the input is read: a route of a feature the policy lacks has nothing to check.
          refuseUndeclared(deps, def);
          await afterAuth?.(req, principal, deps);
        },
    handler: async (req, reply) => {
      const input = {
        body: req.body,
        params: req.params,
        query: req.query,
        headers: req.headers,
      } as RouteInput<typeof def.schema>;
      const principal = req.principal;
      const ctx = {
        deps,
        principal,
        actor: principal ? actorOf(principal) : 'anonymous',
        request: req,
      };
      const run = () => def.handler(input, ctx as RouteContext & RouteContext<null>);
      const out =
        def.idempotent && principal ? await withIdempotency(deps.db, req, ctx.actor, run) : await run();
      if (out.headers) reply.headers(withVary(out.headers, reply.getHeader('vary')));
      reply.status(out.status);
      return out.body === undefined ? reply.send() : reply.send(out.body);
    },
  });
}

/** A route's `Vary` adds to what the HTTP layer already varies on (CORS: `Origin`), never replaces it. */
function withVary<H extends Record<string, string | string[]>>(headers: H, prior: unknown): H {
  if (!headers.vary || prior === undefined) return headers;
  const names = [...String(prior).split(','), ...String(headers.vary).split(',')]
    .map((n) => n.trim())
    .filter(Boolean);
  const unique = names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i);
  return { ...headers, vary: unique.join(', ') };
}
