import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, PageOf, ProblemSchema, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import { listEvents } from '../tracking.ts';

// BK-13: agents are not listed: they never see raw behaviour.
export const listEventsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/events',
  operationId: 'listEvents',
  feature: 'tracking',
  summary: "The subject's recorded behaviour, newest first, never older than the retention limit",
  tags: ['tracking'],
  roles: ['customer', 'dpo', 'admin'],
  reveals: ['behaviour'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    querystring: T.Object(pageParams(1000, 100), { additionalProperties: false }),
    response: {
      200: PageOf(
        T.Object({
          kind: T.String(),
          topic: T.String(),
          occurredAt: T.String({ format: 'date-time' }),
          props: T.Union([T.Record(T.String(), T.Union([T.String(), T.Number(), T.Boolean()])), T.Null()]),
        }),
      ),
      ...protectedErrors,
      404: ProblemSchema,
    },
  },
  async handler({ params, query }, { deps }) {
    return { status: 200, body: await listEvents(deps, params.id, query) };
  },
});
