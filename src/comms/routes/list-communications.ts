import { Type as T } from 'typebox';
import { actorSeenBy } from '../../keys/need-to-know.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, PageOf, ProblemSchema, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import { listCommunications } from '../comms.ts';
import { CommunicationView } from '../schemas.ts';

export const listCommunicationsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/communications',
  operationId: 'listCommunications',
  feature: 'communications',
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
  async handler({ params, query }, { deps, principal, actor }) {
    const page = await listCommunications(deps, params.id, query);
    // Messages are sent for the company: the person sees "controller", never a marketer's key.
    const reader = { role: principal.role, actor };
    const items = page.items.map((m) => ({ ...m, actor: actorSeenBy(reader, m.actor) }));
    return { status: 200, body: { ...page, items } };
  },
});
