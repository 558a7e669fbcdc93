import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { listSubscriptions } from '../subscriptions.ts';

export const SubscriptionsView = T.Object({
  changed: T.Optional(T.Boolean()),
  recordedAt: T.Optional(
    T.String({ format: 'date-time', description: 'When a change that changed something was recorded' }),
  ),
  items: T.Array(T.Object({ topic: T.String(), since: T.String({ format: 'date-time' }) })),
});

export const listSubscriptionsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/subscriptions',
  operationId: 'listSubscriptions',
  feature: 'subscriptions',
  summary: 'What the subject is subscribed to',
  tags: ['subscriptions'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: { params: IdParams, response: { 200: SubscriptionsView, ...protectedErrors, 404: ProblemSchema } },
  async handler({ params }, { deps }) {
    return { status: 200, body: { items: await listSubscriptions(deps, params.id) } };
  },
});
