// The Garde API's typed client: openapi-fetch over the types generated from the OpenAPI
// document (schema.d.ts, `npm run client`). Every path, parameter, body and answer is typed;
// an error answer is the RFC 9457 problem the server sent.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, operations, paths };
/** An error answer (application/problem+json): `code` is stable, `type` is documented at /problems. */
export type Problem = components['schemas']['Problem'];
export type GardeClient = Client<paths>;

export type GardeClientOptions = {
  /** Where Garde answers, e.g. `https://garde.example.com` (no trailing `/v1`). */
  baseUrl: string;
  /** An API key (`garde_...`): sent as `Authorization: Bearer`. Omit for public routes only. */
  apiKey?: string;
  /** Another fetch (a test's, a proxy's); defaults to the global one. */
  fetch?: (input: Request) => Promise<Response>;
  /** openapi-fetch middleware, e.g. to log or to check answers. */
  middleware?: Middleware[];
};

/**
 * A client for one Garde instance and one key.
 *
 * ```ts
 * const garde = createGardeClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: process.env.GARDE_KEY });
 * const { data, error } = await garde.GET('/v1/subjects/{id}/consents', { params: { path: { id } } });
 * ```
 * `data` is typed from the 2xx answer, `error` from the problem; the call never throws for an
 * HTTP status, only for a network failure.
 */
export function createGardeClient(opts: GardeClientOptions): GardeClient {
  const client = createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    headers: opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {},
  });
  for (const m of opts.middleware ?? []) client.use(m);
  return client;
}
