import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, PageOf, ProblemSchema, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import { consentEventSeenBy, consentHistory } from '../consent.ts';
import { ConsentEventView } from '../schemas.ts';

export const consentHistoryRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/consents/history',
  operationId: 'listConsentHistory',
  summary:
    'Every consent record of the subject, oldest first (or newest first), with who, when, how and which notice',
  tags: ['consent'],
  roles: ['customer', 'dpo', 'admin'],
  reveals: ['consent-proof'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    querystring: T.Object(
      {
        ...pageParams(1000, 100),
        order: T.Optional(
          T.Enum(['oldest-first', 'newest-first'] as const, {
            description: 'oldest-first (the default) or newest-first; a cursor walks the order it came from.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    response: { 200: PageOf(ConsentEventView), ...protectedErrors, 404: ProblemSchema },
  },
  async handler({ params, query }, { deps, principal, actor }) {
    const { order, ...req } = query;
    const page = await consentHistory(deps, params.id, { ...req, newestFirst: order === 'newest-first' });
    const items = page.items.map((e) => consentEventSeenBy(deps.policy, { role: principal.role, actor }, e));
    return { status: 200, body: { ...page, items } };
  },
});
