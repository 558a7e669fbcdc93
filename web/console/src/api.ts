// The console reaches Garde only through the typed client generated from the OpenAPI document,
// with the staff member's cookie session (HttpOnly: the page never sees it; the browser sends it).
// Two things every view gets for free through `garde`: each change carries the session's CSRF
// token, and an answer 401 (the session ended: idle, signed out elsewhere, key revoked) sends the
// console back to its sign-in form with a message.
import { createGardeClient, type paths } from '../../../clients/typescript/index.ts';

type Json<P extends keyof paths, M extends 'get' | 'post', S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** Who is signed in, as GET /v1/console/me answers. */
export type SignedIn = Json<'/v1/console/me', 'get'>;
export type StaffRole = SignedIn['role'];
export type SignInOptions = Json<'/v1/console/sign-in', 'get'>;

let csrfToken: string | null = null;
const ended = new Set<() => void>();

const SAFE = new Set(['GET', 'HEAD']);
const SIGN_IN = '/v1/console/sessions';

/**
 * The console's client. Views call it directly (`garde.GET('/v1/...')`); they never add the CSRF
 * token or handle 401 themselves.
 */
export const garde = createGardeClient({
  baseUrl: window.location.origin,
  middleware: [
    {
      onRequest({ request }) {
        if (!SAFE.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
        return request;
      },
      onResponse({ request, response }) {
        if (response.status === 401 && !new URL(request.url).pathname.startsWith(SIGN_IN)) {
          csrfToken = null;
          for (const listener of ended) listener();
        }
        return response;
      },
    },
  ],
});

/** Calls `listener` whenever an answer says the session has ended; returns how to stop. */
export function onSessionEnded(listener: () => void): () => void {
  ended.add(listener);
  return () => ended.delete(listener);
}

function remember(who: SignedIn): SignedIn {
  csrfToken = who.csrfToken;
  return who;
}

/** How staff may sign in here (OpenID Connect only when configured). */
export async function readSignInOptions(): Promise<SignInOptions> {
  const { data } = await garde.GET('/v1/console/sign-in');
  return data ?? { key: true, oidc: null };
}

/** The live session, or null (no cookie, ended, expired). */
export async function readSignedIn(): Promise<SignedIn | null> {
  const { data } = await garde.GET('/v1/console/me');
  return data ? remember(data) : null;
}

/** Why a sign-in was refused, as the form says it. */
export type SignInRefusal = 'invalid' | 'role' | 'tooMany' | 'failed';

/** Exchanges a key for a session; the key is not kept anywhere. */
export async function signInWithKey(key: string): Promise<SignedIn | SignInRefusal> {
  const { data, error, response } = await garde.POST('/v1/console/sessions', { body: { key } });
  if (data) return remember(data);
  if (response.status === 401) return 'invalid';
  if (error?.code === 'CONSOLE_ROLE_FORBIDDEN') return 'role';
  if (response.status === 429) return 'tooMany';
  return 'failed';
}

/** Ends the session on the server, which clears its cookie. */
export async function signOut(): Promise<void> {
  const { response } = await garde.POST('/v1/console/sign-out');
  csrfToken = null;
  if (!response.ok && response.status !== 401) throw new Error(`sign-out answered ${response.status}`);
}
