// One declaration per route: method, path, roles, schemas and a thin handler. The app turns it
// into a Fastify route (validation + OpenAPI); the security test walks the same list.
import type { FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { Principal, Role } from '../../keys/model.ts';
import type { DataKind } from '../../keys/need-to-know.ts';
import type { RouteScope } from '../../keys/scopes.ts';
import type { PolicyFeature } from '../../policy/features.ts';
import type { Deps } from '../deps.ts';

export type RouteSchemas = {
  body?: TSchema;
  params?: TSchema;
  querystring?: TSchema;
  headers?: TSchema;
  response: Record<number, TSchema>;
};

type StaticOr<S, F> = S extends TSchema ? Static<S> : F;

export type RouteInput<S extends RouteSchemas> = {
  body: StaticOr<S['body'], undefined>;
  params: StaticOr<S['params'], Record<string, never>>;
  query: StaticOr<S['querystring'], Record<string, never>>;
  headers: Record<string, string | string[] | undefined>;
};

export type RouteContext<P extends Principal | null = Principal> = {
  deps: Deps;
  principal: P;
  /** The audit actor: `key:<id>`. */
  actor: string;
  request: FastifyRequest;
};

/** `headers`: a list is sent as repeated headers (several Set-Cookie). */
export type RouteReply = { status: number; body?: unknown; headers?: Record<string, string | string[]> };

/** A response header a route sets, for the OpenAPI document. */
export type HeaderDoc = {
  description: string;
  schema: TSchema | Record<string, unknown>;
  required?: boolean;
};

/**
 * What a route answers that its serializer schema alone does not say: media types other than
 * JSON (a zip, an HTML page, JSON-LD), by status, each with its shape; and the headers it sets.
 */
export type ResponseDocs = {
  content?: Partial<Record<number, Record<string, TSchema | Record<string, unknown>>>>;
  headers?: Partial<Record<number, Record<string, HeaderDoc>>>;
};

type Common<S extends RouteSchemas> = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  /**
   * The operation's stable name in the OpenAPI document and so in generated clients: a verb and
   * a noun in camelCase (`createSubject`). Changing it breaks integrators' code.
   */
  operationId: string;
  summary: string;
  tags: string[];
  schema: S;
  /**
   * The route's `:id` is a subject id: a customer key reaches only its own subject, and any
   * other id answers 404 as if it did not exist.
   */
  subjectScoped?: boolean;
  /**
   * A key limited to scopes (e.g. a tracking session: ["events"]) may call only routes that
   * name one of them; a key without scopes may call any route of its role.
   */
  scope?: RouteScope;
  /** Replays the first answer when a write is retried with the same Idempotency-Key. */
  idempotent?: boolean;
  /**
   * The kinds of personal data the answer carries whole: every role of the route must be allowed
   * to know them (src/keys/need-to-know.ts; checked by the route x role test).
   */
  reveals?: readonly DataKind[];
  /**
   * EN-8, BK-15: roles that get the answer to hand it to the recipient the policy names for it (an
   * outbound batch, for its processor), not to know it themselves: `reveals` does not hold them
   * to need to know, because the handler answers them only when the policy names that recipient
   * and the decision point lets it receive the data, and audits each answer as a disclosure to it.
   * Each must be one of `roles` (test/security/need-to-know.test.ts).
   */
  handsOver?: readonly Role[];
  bodyLimit?: number;
  /** Media types and headers of the answers, beyond JSON bodies (see ResponseDocs). */
  responses?: ResponseDocs;
  /**
   * Pages on the origins of GARDE_CORS_ORIGINS may call it from the browser (CORS and its
   * preflight, http/cors.ts): only the tracker's script and the routes its SDK calls.
   */
  crossOrigin?: boolean;
  /**
   * The part of the policy the route serves. When the policy in force does not declare it (the
   * block is absent or an empty list), the route answers 404 FEATURE_NOT_DECLARED once the
   * caller is authorised: never an empty success that would read as "nothing here yet".
   */
  feature?: PolicyFeature;
  /** A sign-in: counted against the small per-client budget GARDE_RATE_LIMIT_SIGN_IN. */
  signIn?: boolean;
};

export type PublicRoute<S extends RouteSchemas = RouteSchemas> = Common<S> & {
  roles: 'public';
  handler(input: RouteInput<S>, ctx: RouteContext<null>): Promise<RouteReply>;
};

export type ProtectedRoute<S extends RouteSchemas = RouteSchemas> = Common<S> & {
  roles: readonly Role[];
  handler(input: RouteInput<S>, ctx: RouteContext): Promise<RouteReply>;
};

export type AnyRoute = PublicRoute<RouteSchemas> | ProtectedRoute<RouteSchemas>;

export function route<S extends RouteSchemas>(def: ProtectedRoute<S>): AnyRoute;
export function route<S extends RouteSchemas>(def: PublicRoute<S>): AnyRoute;
export function route(def: AnyRoute): AnyRoute {
  return def;
}
