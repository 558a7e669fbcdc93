import { Type as T } from 'typebox';
import { requestOrigin } from '../../platform/http/origin.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { createPrivacyLink, PRIVACY_LINK_LIFETIME } from '../store.ts';

// Issue 14 (BK-16, EN-17): the company's site opens a signed-in customer's privacy page with a
// link it asks for server to server; the link works once, within PRIVACY_LINK_LIFETIME.
export const createPrivacyLinkRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/privacy-links',
  operationId: 'createPrivacyLink',
  summary: `Make a single-use link (valid ${PRIVACY_LINK_LIFETIME}) that opens this person's privacy page as a cookie session: for the company's site, which redirects its signed-in customer to it`,
  tags: ['privacy page'],
  roles: ['host', 'admin'],
  schema: {
    params: IdParams,
    response: {
      201: T.Object({
        url: T.String({
          format: 'uri-reference',
          description:
            'The link to send the browser to: /privacy/session?token=..., absolute when the request named a valid host. Use it once, at once.',
        }),
        expiresAt: T.String({ format: 'date-time' }),
      }),
      ...protectedErrors,
      404: ProblemSchema,
    },
  },
  async handler({ params }, { deps, actor, request }) {
    // An unknown or erased subject (erasure deletes the row, or keeps it restricted for what the
    // law obliges): 404, and no link.
    const { token, expiresAt } = await createPrivacyLink(deps.db, params.id, deps.now(), actor);
    const url = `${requestOrigin(request) ?? ''}/privacy/session?token=${token}`;
    return { status: 201, body: { url, expiresAt }, headers: { 'cache-control': 'no-store' } };
  },
});
