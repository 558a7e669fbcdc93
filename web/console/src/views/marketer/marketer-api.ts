// The marketer's calls, through the console's typed client (web/console/src/api.ts: the staff
// session's cookie goes with every call, a change carries the session's CSRF token).
import type { paths } from '../../../../../clients/typescript/index.ts';
import { garde } from '../../api.ts';

type Json<P extends keyof paths, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: Record<S, { content: { 'application/json': infer B } }>;
}
  ? B
  : never;

export type Campaign = Json<'/v1/campaigns/{id}', 'get'>;
export type CampaignPage = Json<'/v1/campaigns', 'get'>;
export type Preview = Json<'/v1/campaigns/{id}/preview', 'get'>;
export type SuppressionPage = Json<'/v1/campaigns/{id}/suppressions', 'get'>;
export type CommsReport = Json<'/v1/reports/communications', 'get'>;
export type NewCampaign = paths['/v1/campaigns']['post']['requestBody']['content']['application/json'];
export type Purpose = Json<'/v1/policy/purposes', 'get'>['items'][number];

/**
 * An API refusal: its problem code (docs/problems.md; `HTTP <status>` when the answer carried
 * none) as the message, and the policy's reason codes (consent.missing, ...) the problem gives.
 * Views show it through `refusalText` (Campaigns.tsx), in words, never the codes.
 */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly reasons: readonly string[],
  ) {
    super(code);
  }
}

function fail(error: unknown, response: Response): never {
  const problem = error as { code?: string; reasons?: readonly { code?: string }[] } | undefined;
  const reasons = (problem?.reasons ?? []).flatMap((r) => (typeof r?.code === 'string' ? [r.code] : []));
  throw new Refusal(problem?.code ?? `HTTP ${response.status}`, response.status, reasons);
}

export async function readCampaigns(q: {
  status?: Campaign['status'];
  after?: string;
}): Promise<CampaignPage> {
  const { data, error, response } = await garde.GET('/v1/campaigns', {
    params: { query: { limit: 20, ...q } },
  });
  return data ?? fail(error, response);
}

export async function readCampaign(id: string): Promise<Campaign> {
  const { data, error, response } = await garde.GET('/v1/campaigns/{id}', { params: { path: { id } } });
  return data ?? fail(error, response);
}

export async function createCampaign(body: NewCampaign): Promise<Campaign> {
  const { data, error, response } = await garde.POST('/v1/campaigns', { body });
  return data ?? fail(error, response);
}

export async function readPreview(id: string): Promise<Preview> {
  const { data, error, response } = await garde.GET('/v1/campaigns/{id}/preview', {
    params: { path: { id } },
  });
  return data ?? fail(error, response);
}

export async function readSuppressions(id: string, after?: string): Promise<SuppressionPage> {
  const { data, error, response } = await garde.GET('/v1/campaigns/{id}/suppressions', {
    params: { path: { id }, query: { limit: 20, ...(after ? { after } : {}) } },
  });
  return data ?? fail(error, response);
}

/** Queues the send as a job (202); the view then polls the campaign for its progress. */
export async function queueSend(id: string): Promise<void> {
  const { error, response } = await garde.POST('/v1/campaigns/{id}/send', {
    params: { path: { id } },
    headers: { prefer: 'respond-async' },
  });
  if (response.status !== 202) fail(error, response);
}

export async function readReport(window: string, channel?: string): Promise<CommsReport> {
  const { data, error, response } = await garde.GET('/v1/reports/communications', {
    params: { query: { window, ...(channel ? { channel } : {}) } },
  });
  return data ?? fail(error, response);
}

export async function readPurposes(language: string): Promise<Purpose[]> {
  const { data, error, response } = await garde.GET('/v1/policy/purposes', {
    params: { query: { language } },
  });
  return (data ?? fail(error, response)).items;
}

/** A name the policy declares, in the reader's language when the API gives it. */
export type Named = { id: string; text: string };

/** The communications names of the policy in force, and each channel's batch processor. */
export type Catalogue = {
  channels: Named[];
  classes: Named[];
  senders: Named[];
  /** The policy's words for each refusal reason code (consent.missing, ...). */
  reasons: Named[];
  /** EN-8, BK-15: per channel id, the processor its batch is for; null when the policy names none. */
  batchFor: Record<string, Named | null>;
  /** Per message class id, the purposes it may carry (the builder offers only those purposes). */
  classPurposes: Record<string, string[]>;
};

/**
 * The communications names of the policy in force, from the staff policy endpoint
 * (GET /v1/policy): channels, message classes, senders, the processor each channel's batch is
 * for, and the words of the reason codes suppressions are counted under; an id stands in for a
 * name the policy does not give.
 */
export async function readCommunicationsCatalogue(language: string): Promise<Catalogue> {
  const { data, error, response } = await garde.GET('/v1/policy', { params: { query: { language } } });
  const body = data ?? fail(error, response);
  const recipients = new Map(body.recipients.map((r) => [r.id, r.name]));
  return {
    channels: body.channels.map((x) => ({ id: x.id, text: x.name })),
    classes: body.messageClasses.map((x) => ({ id: x.id, text: x.name })),
    senders: body.senders.map((x) => ({ id: x.id, text: x.name ?? x.id })),
    reasons: body.reasons.map((x) => ({ id: x.id, text: x.name ?? x.id })),
    classPurposes: Object.fromEntries(body.messageClasses.map((x) => [x.id, x.purposes])),
    batchFor: Object.fromEntries(
      body.channels.map((x) => [
        x.id,
        x.batchRecipient
          ? { id: x.batchRecipient, text: recipients.get(x.batchRecipient) ?? x.batchRecipient }
          : null,
      ]),
    ),
  };
}

/**
 * The batch of a sent campaign as a file to save, through the typed client with the session's
 * cookie: its bytes and the name the server gives it. Each download is audited as a disclosure
 * to the batch's processor; a refusal throws its problem code (CAMPAIGN_BATCH_NO_RECIPIENT, ...).
 */
export async function downloadBatch(id: string): Promise<{ file: Blob; name: string }> {
  const { data, error, response } = await garde.GET('/v1/campaigns/{id}/batch', {
    params: { path: { id } },
    parseAs: 'blob',
  });
  if (!response.ok || !data) fail(error, response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${id}-batch`;
  return { file: data as Blob, name };
}

export type Theme = Json<'/v1/policy/themes', 'get'>['items'][number];

/** The themes an audience may be drawn from (people who linked a product to one). */
export async function readThemes(language: string): Promise<Theme[]> {
  const { data, error, response } = await garde.GET('/v1/policy/themes', {
    params: { query: { language } },
  });
  return (data ?? fail(error, response)).items;
}

/**
 * The names of the products the policy lists (GET /v1/policy/products): what an audience's
 * holdings are drawn from; none when the policy declares no products (404 FEATURE_NOT_DECLARED).
 */
export async function readProducts(language: string): Promise<Named[]> {
  const { data, response } = await garde.GET('/v1/policy/products', { params: { query: { language } } });
  if (response.status === 404 || !data) return [];
  return data.items.map((p) => ({ id: p.id, text: p.name }));
}
