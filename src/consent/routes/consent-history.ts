import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, PageOf, ProblemSchema, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import { consentEventSeenBy, consentHistory } from '../consent.ts';
import { ConsentEventView } from '../schemas.ts';

export const consentHistoryRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/consents/history',
  operationId: 'listConsentHistory',
  summary: 'Every consent record of the subject, oldest first, with who, when, how and which notice',
  tags: ['consent'],
  roles: ['customer', 'dpo', 'admin'],
  reveals: ['consent-proof'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    querystring: T.Object(pageParams(1000, 100), { additionalProperties: false }),
    response: { 200: PageOf(ConsentEventView), ...protectedErrors, 404: ProblemSchema },
  },
  async handler({ params, query }, { deps, principal, actor }) {
    const page = await consentHistory(deps, params.id, query);
    const items = page.items.map((e) => consentEventSeenBy(deps.policy, { role: principal.role, actor }, e));
    return { status: 200, body: { ...page, items } };
  },
});
