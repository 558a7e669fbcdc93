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
export async function readConsents(who: SignedIn, language?: string): Promise<ConsentAnswer[]> {
  const { data, error } = await garde.GET('/v1/subjects/{id}/consents', {
    params: { path: { id: who.subjectId }, query: language ? { language } : {} },
  });
  if (!data) throw new Error(error?.code ?? 'the choices could not be read');
  return data.items;
}

/**
 * Records the person's own choice. No source: Garde records the policy's self-service interface
 * for a customer. The notice language and version are those of the notice the page shows.
 */
export async function recordChoice(
  who: SignedIn,
  choice: {
    purpose: string;
    channel?: string;
    state: ConsentState;
    noticeLanguage: string;
    noticeVersion: string;
  },
): Promise<RecordedChoice> {
  const { data, error } = await garde.POST('/v1/subjects/{id}/consents', {
    params: { path: { id: who.subjectId } },
    headers: { 'X-CSRF-Token': who.csrfToken },
    body: {
      purpose: choice.purpose,
      state: choice.state,
      noticeLanguage: choice.noticeLanguage,
      noticeVersion: choice.noticeVersion,
      ...(choice.channel ? { channel: choice.channel } : {}),
    },
  });
  if (error?.code === 'NOTICE_OUTDATED')
    throw new NoticeOutdated(error.noticeVersion ?? choice.noticeVersion, error.changes ?? []);
  if (!data) throw new Error(error?.code ?? 'the choice could not be recorded');
  return data;
}

/**
 * Issue 17: the notice the page showed is no longer in force and its change widened the purpose:
 * nothing was recorded; `noticeVersion` is the one in force, `changes` what changed, in words.
 */
export class NoticeOutdated extends Error {
  constructor(
    readonly noticeVersion: string,
    readonly changes: readonly string[],
  ) {
    super('NOTICE_OUTDATED');
  }
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

/** The person's objections and restrictions in force, and how much of the cap on messages is used. */
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
export type LimitChange = { done: LimitsChanged } | { contractImpact: string };
/** What a change answers: the objections and restrictions in force after it. */
export type LimitsChanged = Omit<Limits, 'messages'>;

function limitAnswer(
  data: LimitsChanged | undefined,
  error: { code?: string; contractImpact?: string } | undefined,
) {
  if (data) return { done: data };
  if (error?.code === 'CONTRACT_IMPACT_UNCONFIRMED' && error.contractImpact)
    return { contractImpact: error.contractImpact };
  throw new Error(error?.code ?? 'the change could not be recorded');
}

/** Raises or lifts an objection to everything of its kind (Art. 21). */
export async function changeObjection(
  who: SignedIn,
  change: { kind: ObjectionKind; action: 'raise' | 'lift'; confirmContractImpact?: boolean },
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
  change: { action: 'impose' | 'lift'; reason: string; confirmContractImpact?: boolean },
): Promise<LimitChange> {
  const { data, error } = await garde.POST('/v1/subjects/{id}/restrictions', {
    params: { path: { id: who.subjectId } },
    headers: { 'X-CSRF-Token': who.csrfToken },
    body: change,
  });
  return limitAnswer(data, error);
}

export type InterestsAnswer =
  paths['/v1/subjects/{id}/interests']['get']['responses'][200]['content']['application/json'];
export type Communication =
  paths['/v1/subjects/{id}/communications']['get']['responses'][200]['content']['application/json']['items'][number];

/** The interests Garde derived about the person, each with why, in `language` (BK-4). */
export async function readInterests(who: SignedIn, language: string): Promise<InterestsAnswer> {
  const { data, error } = await garde.GET('/v1/subjects/{id}/interests', {
    params: { path: { id: who.subjectId }, query: { language } },
  });
  if (!data) throw new Error(error?.code ?? 'the interests could not be read');
  return data;
}

/** Deletes one interest: gone now, and never derived again. */
export async function deleteInterest(who: SignedIn, topic: string): Promise<void> {
  const { response } = await garde.DELETE('/v1/subjects/{id}/interests/{topic}', {
    params: { path: { id: who.subjectId, topic } },
    headers: { 'X-CSRF-Token': who.csrfToken },
  });
  if (!response.ok) throw new Error(`the interest could not be deleted (${response.status})`);
}

/**
 * The messages sent to the person, newest first, in `language`, page after page while `keep`
 * holds for the oldest so far (the list is newest first: once one is outside, all later are).
 */
export async function readCommunications(
  who: SignedIn,
  language: string,
  keep: (m: Communication) => boolean,
): Promise<Communication[]> {
  const all: Communication[] = [];
  let after: string | undefined;
  do {
    const { data, error } = await garde.GET('/v1/subjects/{id}/communications', {
      params: { path: { id: who.subjectId }, query: { language, limit: 100, ...(after ? { after } : {}) } },
    });
    if (!data) throw new Error(error?.code ?? 'the messages could not be read');
    all.push(...data.items);
    const last = data.items.at(-1);
    after = last && keep(last) ? (data.next ?? undefined) : undefined;
  } while (after);
  return all.filter(keep);
}

type Json<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'delete'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export type PublishedSubscription = Json<'/v1/policy/subscriptions', 'get'>['items'][number];
export type Subscribed = Json<'/v1/subjects/{id}/subscriptions', 'get'>['items'][number];
export type SubscriptionChange = Json<'/v1/subjects/{id}/subscriptions', 'post'>;

/** BK-8: the newsletters, alerts and magazines the policy offers, in `language`. */
export async function readPublishedSubscriptions(language: string): Promise<PublishedSubscription[]> {
  const { data, error } = await garde.GET('/v1/policy/subscriptions', { params: { query: { language } } });
  if (!data) throw new Error(error?.code ?? 'the subscriptions could not be read');
  return data.items;
}

/** What the person is subscribed to, and since when. */
export async function readSubscriptions(who: SignedIn): Promise<Subscribed[]> {
  const { data, error } = await garde.GET('/v1/subjects/{id}/subscriptions', {
    params: { path: { id: who.subjectId } },
  });
  if (!data) throw new Error(error?.code ?? 'the subscriptions could not be read');
  return data.items;
}

/** Subscribes or unsubscribes the person; the answer says whether it changed and when. */
export async function changeSubscription(
  who: SignedIn,
  topic: string,
  action: 'subscribe' | 'unsubscribe',
): Promise<SubscriptionChange> {
  const { data, error } = await garde.POST('/v1/subjects/{id}/subscriptions', {
    params: { path: { id: who.subjectId } },
    headers: { 'X-CSRF-Token': who.csrfToken },
    body: { topic, action },
  });
  if (!data) throw new Error(error?.code ?? 'the subscription could not be changed');
  return data;
}

export type PublishedThemes = Json<'/v1/policy/themes', 'get'>;
export type Holding = Json<'/v1/subjects/{id}/holdings', 'get'>['items'][number];
export type ThemeLink = Json<'/v1/subjects/{id}/themes', 'get'>['items'][number];

/** BK-6: the policy's themes and what it uses theme links for, in `language`. */
export async function readPublishedThemes(language: string): Promise<PublishedThemes> {
  const { data, error } = await garde.GET('/v1/policy/themes', { params: { query: { language } } });
  if (!data) throw new Error(error?.code ?? 'the themes could not be read');
  return data;
}

/** Product names by id, in `language` (the policy's products). */
export async function readProductNames(language: string): Promise<ReadonlyMap<string, string>> {
  const { data, error } = await garde.GET('/v1/policy/products', { params: { query: { language } } });
  if (!data) throw new Error(error?.code ?? 'the products could not be read');
  return new Map(data.items.map((p) => [p.id, p.name]));
}

/** Every page of a list that answers `{ items, next }`. */
async function allPages<I>(page: (after?: string) => Promise<{ items: I[]; next: string | null }>) {
  const items: I[] = [];
  let after: string | undefined;
  do {
    const p = await page(after);
    items.push(...p.items);
    after = p.next ?? undefined;
  } while (after);
  return items;
}

/** The products and accounts the person holds. */
export function readHoldings(who: SignedIn): Promise<Holding[]> {
  return allPages(async (after) => {
    const { data, error } = await garde.GET('/v1/subjects/{id}/holdings', {
      params: { path: { id: who.subjectId }, query: { limit: 500, ...(after ? { after } : {}) } },
    });
    if (!data) throw new Error(error?.code ?? 'the holdings could not be read');
    return data;
  });
}

/** Which of the person's holdings they linked to which theme. */
export function readThemeLinks(who: SignedIn): Promise<ThemeLink[]> {
  return allPages(async (after) => {
    const { data, error } = await garde.GET('/v1/subjects/{id}/themes', {
      params: { path: { id: who.subjectId }, query: { limit: 500, ...(after ? { after } : {}) } },
    });
    if (!data) throw new Error(error?.code ?? 'the themes could not be read');
    return data;
  });
}

/** Links (or unlinks) a holding to a theme; the answer is every link of the person after it. */
export async function changeThemeLink(
  who: SignedIn,
  theme: string,
  holdingId: string,
  linked: boolean,
): Promise<ThemeLink[]> {
  const params = { path: { id: who.subjectId, theme, holdingId } };
  const headers = { 'X-CSRF-Token': who.csrfToken };
  const { data, error } = linked
    ? await garde.PUT('/v1/subjects/{id}/themes/{theme}/holdings/{holdingId}', { params, headers })
    : await garde.DELETE('/v1/subjects/{id}/themes/{theme}/holdings/{holdingId}', { params, headers });
  if (!data) throw new Error(error?.code ?? 'the theme could not be changed');
  return data.items;
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

/**
 * Where the browser downloads the answer to one fulfilled request (the session cookie goes with
 * it): an access report as html or json, a portable copy as zip. Garde records each download
 * (EN-11) and closes it after the policy's delivery window (410 DELIVERY_EXPIRED).
 */
export const deliveryHref = (
  who: SignedIn,
  requestId: string,
  format: 'html' | 'json' | 'zip',
  language: string,
) =>
  `/v1/subjects/${encodeURIComponent(who.subjectId)}/rights-requests/${encodeURIComponent(requestId)}/delivery?format=${format}&language=${language}`;
