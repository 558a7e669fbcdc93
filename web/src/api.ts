// The page reaches Garde only through the typed client generated from the OpenAPI document.
import { createGardeClient, type paths } from '../../clients/typescript/index.ts';

export type ControllerNotice =
  paths['/v1/policy/controller']['get']['responses'][200]['content']['application/json'];

const garde = createGardeClient({ baseUrl: window.location.origin });

/** The notice's public part, in `language` when given, else as the browser's Accept-Language asks. */
export async function readControllerNotice(language?: string): Promise<ControllerNotice> {
  const { data, error } = await garde.GET('/v1/policy/controller', {
    params: { query: language ? { language } : {} },
  });
  if (!data) throw new Error(error?.code ?? 'the notice could not be read');
  return data;
}

/** The person the privacy page's cookie session is for, and the token its changes carry. */
export type SignedIn = { subjectId: string; givenName: string | null; csrfToken: string };

/**
 * The signed-in person, or null without a live session (no cookie, expired, signed out). The
 * session cookie is HttpOnly: the page never sees it, the browser sends it with each call.
 */
export async function readSignedIn(): Promise<SignedIn | null> {
  const me = await garde.GET('/v1/me');
  if (!me.data?.session) return null;
  return { subjectId: me.data.subjectId, givenName: me.data.givenName, csrfToken: me.data.session.csrfToken };
}

/** Ends the session on the server, which clears its cookie; every change sends the CSRF token. */
export async function signOut(who: SignedIn): Promise<void> {
  const { response } = await garde.POST('/v1/me/sign-out', { headers: { 'X-CSRF-Token': who.csrfToken } });
  if (!response.ok && response.status !== 401) throw new Error(`sign-out answered ${response.status}`);
}

export type PublishedPurpose =
  paths['/v1/policy/purposes']['get']['responses'][200]['content']['application/json']['items'][number];
export type ConsentAnswer =
  paths['/v1/subjects/{id}/consents']['get']['responses'][200]['content']['application/json']['items'][number];
export type ConsentState = 'given' | 'withdrawn';

/** Each purpose as the notice publishes it, in `language` when given. */
export async function readPurposes(language?: string): Promise<PublishedPurpose[]> {
  const { data, error } = await garde.GET('/v1/policy/purposes', {
    params: { query: language ? { language } : {} },
  });
  if (!data) throw new Error(error?.code ?? 'the purposes could not be read');
  return data.items;
}

/** The person's current answer per consent purpose (channel "" is the purpose-wide one). */
export async function readConsents(who: SignedIn): Promise<ConsentAnswer[]> {
  const { data, error } = await garde.GET('/v1/subjects/{id}/consents', {
    params: { path: { id: who.subjectId } },
  });
  if (!data) throw new Error(error?.code ?? 'the choices could not be read');
  return data.items;
}

/**
 * Records the person's own choice. No source: Garde records the policy's self-service interface
 * for a customer. The notice language is the one the page shows.
 */
export async function recordChoice(
  who: SignedIn,
  choice: { purpose: string; channel?: string; state: ConsentState; noticeLanguage: string },
): Promise<{ recordedAt: string }> {
  const { data, error } = await garde.POST('/v1/subjects/{id}/consents', {
    params: { path: { id: who.subjectId } },
    headers: { 'X-CSRF-Token': who.csrfToken },
    body: {
      purpose: choice.purpose,
      state: choice.state,
      noticeLanguage: choice.noticeLanguage,
      ...(choice.channel ? { channel: choice.channel } : {}),
    },
  });
  if (!data) throw new Error(error?.code ?? 'the choice could not be recorded');
  return data;
}

export type RightsRequest =
  paths['/v1/subjects/{id}/rights-requests']['get']['responses'][200]['content']['application/json']['items'][number];
export type RightKind = ControllerNotice['selfServiceRights'][number];
export type RequestDetails = NonNullable<
  NonNullable<
    paths['/v1/subjects/{id}/rights-requests']['post']['requestBody']
  >['content']['application/json']['details']
>;

/** The person's requests, every page, the latest received first. */
export async function readRequests(who: SignedIn): Promise<RightsRequest[]> {
  const all: RightsRequest[] = [];
  let after: string | undefined;
  do {
    const { data, error } = await garde.GET('/v1/subjects/{id}/rights-requests', {
      params: { path: { id: who.subjectId }, query: { limit: 100, ...(after ? { after } : {}) } },
    });
    if (!data) throw new Error(error?.code ?? 'the requests could not be read');
    all.push(...data.items);
    after = data.next ?? undefined;
  } while (after);
  return all.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/**
 * Asks for a right. A right that affects the person's contract is not recorded until they confirm
 * it (EN-13): the answer is then what it would do, in `language`, to show them first.
 */
export async function askForRight(
  who: SignedIn,
  ask: { kind: RightKind; details?: RequestDetails; confirmContractImpact?: boolean },
  language: string,
): Promise<{ created: RightsRequest } | { contractImpact: string }> {
  const { data, error } = await garde.POST('/v1/subjects/{id}/rights-requests', {
    params: { path: { id: who.subjectId }, query: { language } },
    headers: { 'X-CSRF-Token': who.csrfToken },
    body: ask,
  });
  if (data) return { created: data };
  if (error?.code === 'CONTRACT_IMPACT_UNCONFIRMED' && error.contractImpact)
    return { contractImpact: error.contractImpact };
  throw new Error(error?.code ?? 'the request could not be recorded');
}

/** Where the browser downloads the person's access report (the session cookie goes with it). */
export const accessReportHref = (who: SignedIn, format: 'html' | 'json', language: string) =>
  `/v1/subjects/${encodeURIComponent(who.subjectId)}/access-report?format=${format}&language=${language}`;

/** Where the browser downloads the person's portable copy, a zip. */
export const portableCopyHref = (who: SignedIn) => `/v1/subjects/${encodeURIComponent(who.subjectId)}/export`;
