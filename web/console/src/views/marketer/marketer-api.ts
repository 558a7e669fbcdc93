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

/** The problem's code, or the status, as the error a view shows in its summary. */
function fail(error: unknown, response: Response): never {
  const code = (error as { code?: string } | undefined)?.code;
  throw new Error(code ?? `HTTP ${response.status}`);
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

type Listed = { id: string; name?: string | null };

/**
 * The communications names of the policy in force: channels, message classes, senders, and the
 * words of the reason codes suppressions are counted under, from the staff policy endpoint
 * (GET /v1/policy, top-level `channels`, `messageClasses`, `senders`, `reasons`, each `{id, name}`). Read untyped until the typed client knows that endpoint; an id stands in for
 * a name the policy does not give.
 */
export async function readCommunicationsCatalogue(
  language: string,
): Promise<{ channels: Named[]; classes: Named[]; senders: Named[]; reasons: Named[] }> {
  const res = await fetch(`/v1/policy?language=${encodeURIComponent(language)}`, {
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as {
    channels?: Listed[];
    messageClasses?: Listed[];
    senders?: Listed[];
    reasons?: Listed[];
  };
  const named = (list: Listed[] | undefined): Named[] =>
    (list ?? []).map((x) => ({ id: x.id, text: x.name ?? x.id }));
  return {
    channels: named(body.channels),
    classes: named(body.messageClasses),
    senders: named(body.senders),
    reasons: named(body.reasons),
  };
}

export type Theme = Json<'/v1/policy/themes', 'get'>['items'][number];

/** The themes an audience may be drawn from (people who linked a product to one). */
export async function readThemes(language: string): Promise<Theme[]> {
  const { data, error, response } = await garde.GET('/v1/policy/themes', {
    params: { query: { language } },
  });
  return (data ?? fail(error, response)).items;
}
