// The OpenAPI 3.1 document, derived from the route table alone: the same declarations that
// validate requests, shape answers and decide who may call what. Nothing here reads a policy or
// a database, so the document (and the client generated from it) is the same for every
// controller, and a test can compare it with what the server really answers.
//
// Beyond each route's schemas, the document states what the HTTP layer adds to every route:
// problem+json errors, the rate-limit headers, Idempotency-Key, Sec-GPC, and the statuses the
// framework answers (400, 401, 403, 404, 413, 415, 429).
import { SESSION_SCOPES } from '../../keys/scopes.ts';
import type { AnyRoute, HeaderDoc } from './route.ts';
import { ProblemSchema } from './schemas.ts';

type Json = Record<string, unknown>;
export type OpenApiDocument = Json & { paths: Record<string, Record<string, Json>> };

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Headers the HTTP layer sets, declared once and referenced by every response that carries them. */
const HEADERS: Record<string, Json> = {
  'Retry-After': {
    description: 'Seconds to wait before trying again (RFC 9110).',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Limit': {
    description:
      'Requests allowed a minute by the budget nearest to exhaustion: per API key, or per client address.',
    schema: { type: 'integer', minimum: 1 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in that budget this minute.',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until that budget starts again.',
    schema: { type: 'integer', minimum: 0 },
  },
  'Idempotent-Replayed': {
    description:
      'Present (`true`) when this is the stored answer to an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
  Allow: {
    description: 'The methods this path serves.',
    schema: { type: 'string' },
  },
};
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': header('RateLimit-Limit'),
  'RateLimit-Remaining': header('RateLimit-Remaining'),
  'RateLimit-Reset': header('RateLimit-Reset'),
};

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retried write safe: the same key with the same request replays the first answer (with `Idempotent-Replayed: true`); with another request it is 422 IDEMPOTENCY_KEY_REUSED; while the first runs, 409 IDEMPOTENCY_KEY_IN_FLIGHT. Keys are kept per API key.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
};
const SEC_GPC = {
  name: 'Sec-GPC',
  in: 'header',
  required: false,
  description:
    "Global Privacy Control from the customer's browser: `1` records the signal once, as a refusal of the purposes the policy ties to it.",
  schema: { type: 'string', enum: ['1'] },
};

const SUCCESS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  303: 'See Other',
};

/**
 * The problem answers, one shared response each (RFC 9110 names), with what they mean here.
 * Those a client may retry later carry Retry-After.
 */
const PROBLEMS: Record<number, { name: string; description: string; retryAfter?: true }> = {
  400: {
    name: 'BadRequest',
    description: 'The input does not match the schema, or is not valid JSON or UTF-8.',
  },
  401: {
    name: 'Unauthorized',
    description: 'No API key, or an unknown or revoked one; or the privacy page’s session has ended.',
  },
  403: {
    name: 'Forbidden',
    description:
      'The role, or the key’s scopes, may not use this route; or the privacy page’s session may not call this operation (PAGE_OPERATION_FORBIDDEN); or a change made with that session lacks its CSRF token or came from another origin.',
  },
  404: {
    name: 'NotFound',
    description:
      'No such resource, or not one this key may see; or the policy in force does not declare the feature the route serves (FEATURE_NOT_DECLARED).',
  },
  409: {
    name: 'Conflict',
    description:
      'The resource’s state does not allow this now; or the first request with this Idempotency-Key is still running (with Retry-After).',
    retryAfter: true,
  },
  410: { name: 'Gone', description: 'The privacy link was already used, or has expired.' },
  412: {
    name: 'PreconditionFailed',
    description: 'The resource is not at the version If-Match names (it changed since it was read).',
  },
  413: { name: 'ContentTooLarge', description: 'The body is over the route’s limit.' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not of a media type the route reads.' },
  422: { name: 'UnprocessableContent', description: 'The request breaks a rule of the policy.' },
  429: { name: 'TooManyRequests', description: 'A rate-limit budget is spent.', retryAfter: true },
  503: {
    name: 'ServiceUnavailable',
    description: 'Not ready: the database does not answer or its schema is behind.',
  },
};

export type DocumentOptions = {
  /** Where this instance answers (`https://garde.example.com`); relative (`/`) when unknown. */
  serverUrl?: string;
  version?: string;
};

/**
 * The OpenAPI 3.1 document of `routes`. Pure: the same routes give the same document.
 * Every operation has its `operationId`, its roles in `description`, `security: []` when public.
 */
export function openapiDocument(routes: readonly AnyRoute[], opts: DocumentOptions = {}): OpenApiDocument {
  const paths: Record<string, Record<string, Json>> = {};
  for (const def of routes) {
    const path = def.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    (paths[path] as Record<string, Json>)[def.method.toLowerCase()] = operation(def);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Garde API',
      version: opts.version ?? '1',
      summary: 'Privacy policy as code: consent, rights, retention.',
      description: [
        'Every error is RFC 9457 `application/problem+json` with a stable `code`; each `type` URI is explained at `/problems/{slug}` on this server and in docs/problems.md.',
        'A method a path does not serve answers 405 with `Allow` (components.responses.MethodNotAllowed); an unknown path answers 404 NOT_FOUND.',
        'Every answer of an operation carries the `RateLimit-*` headers of the budget nearest to exhaustion.',
      ].join('\n\n'),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: opts.serverUrl ?? '/', description: 'This Garde instance' }],
    tags: [...new Set(routes.flatMap((r) => r.tags))]
      .sort()
      .map((name) => ({ name, description: tagDescription(name) })),
    paths,
    components: {
      schemas: { Problem: plain(ProblemSchema) },
      headers: HEADERS,
      responses: {
        ...problemResponses(),
        MethodNotAllowed: {
          description: 'The path exists but does not serve this method.',
          headers: { Allow: header('Allow'), ...RATE_LIMIT_HEADERS },
          content: { [PROBLEM_MEDIA_TYPE]: { schema: PROBLEM_REF } },
        },
      },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key: `Authorization: Bearer garde_...`.',
        },
        apiKeyHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description: 'The same key, in its own header.',
        },
        sessionToken: {
          type: 'apiKey',
          in: 'query',
          name: 'access_token',
          description:
            'A short-lived session key with scopes (the tracker’s), for the routes its scope names; never a long-lived key.',
        },
      },
    },
  };
}

/** What each group of routes is for, shown by the documentation viewers. */
const TAGS: Record<string, string> = {
  system: 'Health, readiness and the problem types.',
  policy: 'What the notice in force publishes: the controller, its contacts, the supervisory authority.',
  subjects: 'The people whose data is governed: identity, lifecycle, holdings.',
  consent: 'Consent per purpose and channel, objections, restrictions, GPC and the ISO/IEC TS 27560 receipt.',
  subscriptions: 'Newsletters, alerts and magazines the person subscribed to, apart from consent.',
  themes: 'Products and accounts the person links to the policy’s themes.',
  decisions: 'The one decision point: may this be done to this person, and why.',
  communications: 'Messages and campaigns, judged by the decision point and counted against the cap.',
  tracking: 'Behavioural events after login, the tracker’s sessions and signals, and its SDK.',
  rights: 'Data-subject requests (Art. 15-22), the access report, the portable export and legal holds.',
  interests: 'Interests inferred from behaviour, offers, and the processor’s pseudonymised features.',
  keys: 'API keys: roles, scopes, revocation.',
  'privacy page':
    'How the customer’s privacy page is opened: a single-use link from the company’s site, then a cookie session with CSRF protection.',
  console:
    'How staff sign in to the back office at /console/: an API key of a staff role (or OpenID Connect) exchanged for a cookie session of that role, with CSRF protection.',
  retention:
    'The events the controller reports that start the policy’s retention clocks (account closed, last login).',
};

function tagDescription(name: string): string {
  const found = TAGS[name];
  if (!found) throw new Error(`openapi: the tag "${name}" has no description in TAGS`);
  return found;
}

function operation(def: AnyRoute): Json {
  const isPublic = def.roles === 'public';
  const schema = def.schema;
  const parameters = [
    ...parametersOf(schema.params, 'path'),
    ...parametersOf(schema.querystring, 'query'),
    ...parametersOf(schema.headers, 'header'),
    ...(def.idempotent ? [IDEMPOTENCY_KEY] : []),
    ...(!isPublic && def.roles.includes('customer') ? [SEC_GPC] : []),
  ];
  const security = isPublic
    ? []
    : [{ bearer: [] }, { apiKeyHeader: [] }, ...(sessionReaches(def) ? [{ sessionToken: [] }] : [])];
  const roles = isPublic
    ? 'Public: no key.'
    : `Roles: ${def.roles.join(', ')}.${sessionReaches(def) ? ` Session keys (scope \`${def.scope}\`) too.` : ''}`;
  const cors = def.crossOrigin
    ? ' Pages on the origins configured in GARDE_CORS_ORIGINS may call it from the browser (CORS).'
    : '';
  const feature = def.feature
    ? ` Serves the policy's \`${def.feature}\`: under a policy that declares none, it answers 404 FEATURE_NOT_DECLARED.`
    : '';
  return {
    operationId: def.operationId,
    summary: def.summary,
    description: roles + cors + feature,
    tags: def.tags,
    security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(schema.body ? { requestBody: requestBody(schema.body) } : {}),
    responses: responses(def),
  };
}

/** A session key (the tracker's, POST /v1/subjects/{id}/sessions) can call this route. */
const sessionReaches = (def: AnyRoute) =>
  def.scope !== undefined && (SESSION_SCOPES as readonly string[]).includes(def.scope);

function parametersOf(s: unknown, where: 'path' | 'query' | 'header'): Json[] {
  const obj = s as { properties?: Record<string, Json>; required?: string[] } | undefined;
  if (!obj?.properties) return [];
  return Object.entries(obj.properties).map(([name, prop]) => {
    const { description, ...rest } = plain(prop);
    // A parameter with a default may be left out: the server fills it in.
    const required = where === 'path' || ((obj.required ?? []).includes(name) && !('default' in rest));
    return {
      name: where === 'header' ? headerName(name) : name,
      in: where,
      required,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** `if-match` -> `If-Match`: header names are case-insensitive; documents use the usual spelling. */
const headerName = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());

function requestBody(body: unknown): Json {
  const shape = plain(body);
  const content: Json = { 'application/json': { schema: shape } };
  // A list can also come as JSON lines, one item a line (bulk feeds; the parser is app-wide).
  if (shape.type === 'array' && shape.items) {
    content['application/x-ndjson'] = {
      schema: {
        type: 'string',
        description: 'One JSON value per line, each shaped as `items` of the JSON form.',
      },
    };
  }
  return { required: true, content };
}

function responses(def: AnyRoute): Json {
  const declared = def.schema.response as Record<string, unknown>;
  const docs = def.responses ?? {};
  const statuses = new Set<number>([
    ...Object.keys(declared).map(Number),
    ...Object.keys(docs.content ?? {}).map(Number),
    400,
    429,
    ...(def.roles === 'public' ? [] : [401, 403]),
    ...(def.schema.params || def.feature ? [404] : []),
    // Any write may carry a body, declared or not: too large or of another type, it is refused.
    ...(def.schema.body || def.method !== 'GET' ? [413, 415] : []),
    ...(def.idempotent ? [409, 422] : []),
  ]);
  const out: Json = {};
  for (const status of [...statuses].sort((a, b) => a - b)) {
    out[String(status)] = response(def, status, declared[status]);
  }
  out.default = {
    description: 'Any other error (500 INTERNAL, 503, 408, 414, 431...), as problem+json.',
    headers: RATE_LIMIT_HEADERS,
    content: { [PROBLEM_MEDIA_TYPE]: { schema: PROBLEM_REF } },
  };
  return out;
}

function response(def: AnyRoute, status: number, serializer: unknown): Json {
  const headers: Json = { ...RATE_LIMIT_HEADERS };
  for (const [name, doc] of Object.entries(def.responses?.headers?.[status] ?? {})) {
    headers[name] = headerDoc(doc);
  }
  if (status >= 400) {
    const shared = PROBLEMS[status];
    if (!shared) throw new Error(`${def.method} ${def.url}: no shared response for status ${status}`);
    return { $ref: `#/components/responses/${shared.name}` };
  }
  if (def.idempotent) headers['Idempotent-Replayed'] = header('Idempotent-Replayed');
  const description = SUCCESS_TEXT[status] ?? `HTTP ${status}`;
  const content = def.responses?.content?.[status];
  if (content) {
    const media: Json = {};
    for (const [type, shape] of Object.entries(content)) media[type] = { schema: plain(shape) };
    return { description, headers, content: media };
  }
  const shape = serializer === undefined ? undefined : plain(serializer);
  if (status === 204 || !shape || shape.type === 'null') return { description, headers };
  return { description, headers, content: { 'application/json': { schema: shape } } };
}

function problemResponses(): Json {
  const out: Json = {};
  for (const { name, description, retryAfter } of Object.values(PROBLEMS)) {
    out[name] = {
      description,
      headers: { ...(retryAfter ? { 'Retry-After': header('Retry-After') } : {}), ...RATE_LIMIT_HEADERS },
      content: { [PROBLEM_MEDIA_TYPE]: { schema: PROBLEM_REF } },
    };
  }
  return out;
}

function headerDoc(doc: HeaderDoc): Json {
  return { description: doc.description, required: doc.required ?? false, schema: plain(doc.schema) };
}

/** A TypeBox schema as plain JSON Schema (OpenAPI 3.1 is JSON Schema 2020-12). */
function plain(schema: unknown): Json {
  return JSON.parse(JSON.stringify(schema)) as Json;
}
