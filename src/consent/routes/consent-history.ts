import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { consentHistory } from '../consent.ts';
import { ConsentEventView } from '../schemas.ts';

export const consentHistoryRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/consents/history',
  summary: 'Every consent record of the subject, oldest first, with who, when, how and which notice',
  tags: ['consent'],
  roles: ['customer', 'dpo', 'admin'],
  reveals: ['consent-proof'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    response: { 200: T.Object({ items: T.Array(ConsentEventView) }), ...protectedErrors, 404: ProblemSchema },
  },
  async handler({ params }, { deps }) {
    return { status: 200, body: { items: await consentHistory(deps, params.id) } };
  },
});
