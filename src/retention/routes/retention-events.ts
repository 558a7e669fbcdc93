import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, PolicyName, ProblemSchema, protectedErrors, Uuid } from '../../platform/http/schemas.ts';
import { listRetentionEvents, reportRetentionEvent, withdrawRetentionEvent } from '../events.ts';

const EventView = T.Object({
  event: T.String({ description: "The id of one of the policy's retentionEvents." }),
  occurredAt: T.String({ format: 'date-time', description: 'When it happened (UTC).' }),
});
const EventParams = T.Object({ id: Uuid, event: PolicyName }, { additionalProperties: false });
const errors = { ...protectedErrors, 404: ProblemSchema, 422: ProblemSchema };

export const listRetentionEventsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/retention-events',
  operationId: 'listRetentionEvents',
  summary: 'The events that start this person’s retention clocks (account closed, last login, ...)',
  tags: ['retention'],
  roles: ['dpo', 'admin'],
  feature: 'retentionEvents',
  schema: { params: IdParams, response: { 200: T.Object({ items: T.Array(EventView) }), ...errors } },
  async handler({ params }, { deps }) {
    return { status: 200, body: { items: await listRetentionEvents(deps, params.id) } };
  },
});

export const reportRetentionEventRoute = route({
  method: 'PUT',
  url: '/v1/subjects/:id/retention-events/:event',
  operationId: 'reportRetentionEvent',
  summary:
    'Report that an event the policy names happened to the person (replaces an earlier report); its retention clocks run from then; audited',
  tags: ['retention'],
  roles: ['dpo', 'admin'],
  feature: 'retentionEvents',
  idempotent: true,
  schema: {
    params: EventParams,
    body: T.Object({ occurredAt: T.String({ format: 'date-time' }) }, { additionalProperties: false }),
    response: { 200: EventView, ...errors },
  },
  async handler({ params, body }, { deps, actor }) {
    const view = await reportRetentionEvent(deps, params.id, params.event, new Date(body.occurredAt), actor);
    return { status: 200, body: view };
  },
});

export const withdrawRetentionEventRoute = route({
  method: 'DELETE',
  url: '/v1/subjects/:id/retention-events/:event',
  operationId: 'withdrawRetentionEvent',
  summary: 'Withdraw a report (the event was undone, e.g. an account reopened): its clocks stop; audited',
  tags: ['retention'],
  roles: ['dpo', 'admin'],
  feature: 'retentionEvents',
  schema: { params: EventParams, response: { 204: T.Null(), ...errors } },
  async handler({ params }, { deps, actor }) {
    await withdrawRetentionEvent(deps, params.id, params.event, actor);
    return { status: 204 };
  },
});

export const RETENTION_ROUTES = [
  listRetentionEventsRoute,
  reportRetentionEventRoute,
  withdrawRetentionEventRoute,
];
