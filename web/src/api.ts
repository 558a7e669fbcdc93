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
): Promise<RecordedChoice> {
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

/** `source` and `recordedAt` of the change just recorded, so the page can say when and how. */
export type RecordedChoice = { recordedAt: string; source: string };

export type ConsentEvent =
  paths['/v1/subjects/{id}/consents/history']['get']['responses'][200]['content']['application/json']['items'][number];

/** One page of the person's consent ledger, newest first; `next` reads the page after it. */
export async function readHistory(
  who: SignedIn,
  after?: string,
): Promise<{ items: ConsentEvent[]; next: string | null }> {
  const { data, error } = await garde.GET('/v1/subjects/{id}/consents/history', {
    params: {
      path: { id: who.subjectId },
      query: { order: 'newest-first', limit: 20, ...(after ? { after } : {}) },
    },
  });
  if (!data) throw new Error(error?.code ?? 'the history could not be read');
  return data;
}

/**
 * Where the browser downloads the person's ISO/IEC TS 27560 consent receipt: a link, not a call
 * (the answer's Content-Disposition makes it a file; the session cookie goes with it).
 */
export const receiptAddress = (who: SignedIn) =>
  `/v1/subjects/${encodeURIComponent(who.subjectId)}/consents/receipt`;

export type Limits =
  paths['/v1/subjects/{id}/limits']['get']['responses'][200]['content']['application/json'];
export type ObjectionKind = PublishedPurpose['objections'][number];

/** The person's objections and restrictions in force. */
export async function readLimits(who: SignedIn): Promise<Limits> {
  const { data, error } = await garde.GET('/v1/subjects/{id}/limits', {
    params: { path: { id: who.subjectId } },
  });
  if (!data) throw new Error(error?.code ?? 'the objections could not be read');
  return data;
}

/**
 * What a change answered: done (the limits now), or held because it may end the contract
 * (EN-13: Garde says how, in the person's language; send it again confirmed).
 */
export type LimitChange = { done: Limits } | { contractImpact: string };

function limitAnswer(
  data: Limits | undefined,
  error: { code?: string; contractImpact?: string } | undefined,
) {
  if (data) return { done: data };
  if (error?.code === 'LIMIT_ENDS_CONTRACT' && error.contractImpact)
    return { contractImpact: error.contractImpact };
  throw new Error(error?.code ?? 'the change could not be recorded');
}

/** Raises or lifts an objection to everything of its kind (Art. 21). */
export async function changeObjection(
  who: SignedIn,
  change: { kind: ObjectionKind; action: 'raise' | 'lift'; confirmContractEnd?: boolean },
): Promise<LimitChange> {
  const { data, error } = await garde.POST('/v1/subjects/{id}/objections', {
    params: { path: { id: who.subjectId } },
    headers: { 'X-CSRF-Token': who.csrfToken },
    body: change,
  });
  return limitAnswer(data, error);
}

/** Imposes or lifts a restriction of all processing (Art. 18), with the person's reason. */
export async function changeRestriction(
  who: SignedIn,
  change: { action: 'impose' | 'lift'; reason: string; confirmContractEnd?: boolean },
): Promise<LimitChange> {
  const { data, error } = await garde.POST('/v1/subjects/{id}/restrictions', {
    params: { path: { id: who.subjectId } },
    headers: { 'X-CSRF-Token': who.csrfToken },
    body: change,
  });
  return limitAnswer(data, error);
}
