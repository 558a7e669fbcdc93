import { Type as T } from 'typebox';
import { whoOf } from '../../consent/routes/who.ts';
import { Source } from '../../consent/schemas.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { changeSubscription, listSubscriptions } from '../subscriptions.ts';
import { SubscriptionsView } from './list-subscriptions.ts';

export const changeSubscriptionRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/subscriptions',
  operationId: 'changeSubscription',
  feature: 'subscriptions',
  summary: 'Subscribe to or unsubscribe from a newsletter, alert or magazine (never marketing consent)',
  tags: ['subscriptions'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    body: T.Object(
      {
        topic: T.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 }),
        action: T.Enum(['subscribe', 'unsubscribe'] as const),
        source: T.Optional(Source),
      },
      { additionalProperties: false },
    ),
    response: { 200: SubscriptionsView, ...protectedErrors, 404: ProblemSchema, 422: ProblemSchema },
  },
  async handler({ params, body }, ctx) {
    const { changed, recordedAt } = await changeSubscription(ctx.deps, params.id, body, whoOf(ctx));
    const items = await listSubscriptions(ctx.deps, params.id);
    // A change that changed nothing (already in that state) recorded nothing, so has no time.
    return {
      status: 200,
      body: { changed, ...(changed ? { recordedAt: recordedAt.toISOString() } : {}), items },
    };
  },
});
