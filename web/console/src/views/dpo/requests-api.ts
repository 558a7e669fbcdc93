// The DPO's requests screens' calls, through the console's typed client (api.ts: the staff
// cookie session, the CSRF token on every change). Errors come back as their problem code.
import type { paths } from '../../../../../clients/typescript/index.ts';
import { garde } from '../../api.ts';

type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer J } } };
}
  ? J
  : never;

export type QueuePage = Ok<'/v1/rights-requests', 'get'>;
export type QueueRequest = QueuePage['items'][number];
export type QueueQuery = NonNullable<paths['/v1/rights-requests']['get']['parameters']['query']>;
export type QueueCounts = Ok<'/v1/rights-requests/counts', 'get'>;
export type RequestDetail = Ok<'/v1/rights-requests/{id}', 'get'>;
export type VerifyBody =
  paths['/v1/rights-requests/{id}/verification']['post']['requestBody']['content']['application/json'];
export type PauseReason = 'identity-proof' | 'clarification';

export class Problem extends Error {}

function must<T>(r: { data?: T; error?: unknown }): T {
  if (r.data !== undefined) return r.data;
  throw new Problem((r.error as { code?: string } | undefined)?.code ?? 'UNKNOWN');
}

export async function readQueue(query: QueueQuery): Promise<QueuePage> {
  return must(await garde.GET('/v1/rights-requests', { params: { query } }));
}

export async function readCounts(
  query: Omit<QueueQuery, 'urgency' | 'after' | 'limit'>,
): Promise<QueueCounts> {
  return must(await garde.GET('/v1/rights-requests/counts', { params: { query } }));
}

export async function readRequest(id: string): Promise<RequestDetail> {
  return must(await garde.GET('/v1/rights-requests/{id}', { params: { path: { id } } }));
}

/** The rights and the channels a request may come through, from the policy (never typed here). */
export async function readRightsChannels(language: string) {
  const notice = must(await garde.GET('/v1/policy/controller', { params: { query: { language } } }));
  return notice.rightsChannels;
}

/**
 * The policy's purposes as the notice publishes them, in `language`: their names, whether they
 * need consent (a withdrawal names one of those) and the objections that stop them (Art. 21).
 */
export async function readPurposes(language: string) {
  return must(await garde.GET('/v1/policy/purposes', { params: { query: { language } } })).items;
}

export async function verify(id: string, body: VerifyBody) {
  return must(
    await garde.POST('/v1/rights-requests/{id}/verification', {
      params: { path: { id } },
      body,
    }),
  );
}

export async function extend(id: string, reason: string) {
  return must(
    await garde.POST('/v1/rights-requests/{id}/extension', {
      params: { path: { id }, query: {} },
      body: { reason },
    }),
  );
}

export async function pause(id: string, reason: PauseReason, note?: string) {
  return must(
    await garde.POST('/v1/rights-requests/{id}/pause', {
      params: { path: { id }, query: {} },
      body: { reason, ...(note ? { note } : {}) },
    }),
  );
}

export async function resume(id: string) {
  return must(
    await garde.POST('/v1/rights-requests/{id}/resumption', {
      params: { path: { id } },
      body: {},
    }),
  );
}

export async function fulfil(id: string, confirmContractEnd: boolean) {
  return must(
    await garde.POST('/v1/rights-requests/{id}/fulfilment', {
      params: { path: { id }, query: {} },
      body: confirmContractEnd ? { confirmContractEnd } : {},
    }),
  );
}

export async function reject(id: string, reason: string) {
  return must(
    await garde.POST('/v1/rights-requests/{id}/rejection', {
      params: { path: { id } },
      body: { reason },
    }),
  );
}

export async function recordRequest(
  subjectId: string,
  body: {
    kind: QueueRequest['kind'];
    channel: string;
    receivedAt: string;
    details?: { note?: string; objection?: string; purpose?: string };
  },
) {
  return must(
    await garde.POST('/v1/subjects/{id}/rights-requests', {
      params: { path: { id: subjectId }, query: {} },
      body: body as paths['/v1/subjects/{id}/rights-requests']['post']['requestBody']['content']['application/json'],
    }),
  );
}

/** Where the browser downloads the answer to send (the staff cookie goes with it; recorded and audited). */
export const deliveryHref = (id: string, format: 'html' | 'json' | 'zip', language: string) =>
  `/v1/rights-requests/${encodeURIComponent(id)}/delivery?format=${format}&language=${encodeURIComponent(language)}`;
