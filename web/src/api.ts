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
