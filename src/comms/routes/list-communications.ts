import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, PageOf, ProblemSchema, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import { listCommunications } from '../comms.ts';
import { CommunicationView } from '../schemas.ts';

export const listCommunicationsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/communications',
  operationId: 'listCommunications',
  summary: 'What was sent to the subject, newest first',
  tags: ['communications'],
  roles: ['customer', 'agent', 'marketer', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    querystring: T.Object(pageParams(500, 50), { additionalProperties: false }),
    response: {
      200: PageOf(CommunicationView),
      ...protectedErrors,
      404: ProblemSchema,
    },
  },
  async handler({ params, query }, { deps }) {
    return { status: 200, body: await listCommunications(deps, params.id, query) };
  },
});
