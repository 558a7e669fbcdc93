// Signing out of a browser session, the same way for each kind (the privacy page's, the
// console's): the server ends the session, the answer clears its cookie, and a caller that used
// a key instead is told how a key ends. The kind's route file says its URL, roles and words.
import { Type as T } from 'typebox';
import type { CookieSession, Principal, Role } from '../../keys/model.ts';
import type { Db } from '../db/index.ts';
import { GardeError } from '../errors.ts';
import { type AnyRoute, route } from './route.ts';
import { protectedErrors } from './schemas.ts';
import { PRIVATE_ANSWER, type SessionCookie } from './session-cookie.ts';

export type SignOut = {
  url: string;
  operationId: string;
  summary: string;
  tags: string[];
  roles: readonly Role[];
  /** The kind's session the caller used, if any (a caller with a key has none). */
  sessionOf(principal: Principal): CookieSession | undefined;
  /** What a caller with a key is told: 400 REQUEST_INVALID with this detail. */
  refusal: string;
  /** Ends the session (audited by the kind's store); false when it was no longer live. */
  end(db: Db, sessionId: string, now: Date): Promise<boolean>;
  cookie: SessionCookie;
};

/** The sign-out route of one kind of session (POST, CSRF token required like any change). */
export function sessionSignOutRoute(s: SignOut): AnyRoute {
  return route({
    method: 'POST',
    url: s.url,
    operationId: s.operationId,
    summary: s.summary,
    tags: s.tags,
    roles: s.roles,
    schema: { response: { 204: T.Null(), ...protectedErrors } },
    responses: {
      headers: {
        204: {
          'Set-Cookie': { description: 'Clears the session cookie.', schema: T.String(), required: true },
        },
      },
    },
    async handler(_input, { deps, principal, request }) {
      const session = s.sessionOf(principal);
      if (!session) throw new GardeError('REQUEST_INVALID', s.refusal);
      await s.end(deps.db, session.sessionId, deps.now());
      return { status: 204, headers: { ...PRIVATE_ANSWER, 'set-cookie': s.cookie.clear(request) } };
    },
  });
}
