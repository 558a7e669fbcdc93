import { Type as T } from 'typebox';
import { SESSION_SCOPES } from '../../keys/scopes.ts';
import { idleExpiry } from '../../keys/sessions.ts';
import { createKey } from '../../keys/store.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { getSubject } from '../../subjects/subjects.ts';

// EN-17: the tracker's credential is good for sending events only, and expires once idle for the
// policy's security.sessionIdleTimeout (src/keys/sessions.ts); each use keeps it alive.
// Least privilege: the privacy page has no use for a tracker key (a key in the browser that
// outlives what the page needs), so createSession is not among the operations its cookie session
// may call (src/privacy/page-operations.ts): authorize() refuses it PAGE_OPERATION_FORBIDDEN.
export const createSessionRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/sessions',
  operationId: 'createSession',
  feature: 'tracking',
  summary:
    'Open a tracking session for a logged-in customer: a key limited to sending events, expiring with the session',
  tags: ['tracking'],
  roles: ['customer', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    response: {
      201: T.Object({ token: T.String(), expiresAt: T.String({ format: 'date-time' }) }),
      ...protectedErrors,
      404: ProblemSchema,
    },
  },
  async handler({ params }, { deps, actor }) {
    await getSubject(deps, params.id);
    const now = deps.now();
    const expiresAt = idleExpiry(deps.policy, now);
    const { key } = await createKey(
      deps.db,
      {
        role: 'customer',
        subjectId: params.id,
        scopes: [...SESSION_SCOPES],
        name: 'tracking session',
        expiresAt,
        createdAt: now,
      },
      actor,
    );
    return { status: 201, body: { token: key, expiresAt } };
  },
});
