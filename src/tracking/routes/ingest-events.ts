import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { ingestEvents } from '../tracking.ts';

const Id = T.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100 });
const Event = T.Object(
  {
    id: T.Optional(
      T.String({
        pattern: '^[\\x21-\\x7e]{1,100}$',
        description:
          "The client's own id for the event (e.g. a UUID): the same id for the same subject and time is stored once, so a retried batch never counts twice.",
      }),
    ),
    subjectId: T.Optional(
      T.String({
        format: 'uuid',
        description:
          'Absent for an anonymous visitor: the event is dropped (the policy records behaviour only after login).',
      }),
    ),
    kind: Id,
    topic: Id,
    occurredAt: T.String({ format: 'date-time' }),
    props: T.Optional(
      T.Record(
        T.String({ maxLength: 40 }),
        T.Union([T.String({ maxLength: 200 }), T.Number(), T.Boolean()]),
        // TypeBox drops the key's maxLength from a record: propertyNames keeps it.
        { maxProperties: 10, propertyNames: { maxLength: 40 } },
      ),
    ),
  },
  { additionalProperties: false },
);

export const MAX_EVENTS = 10_000;

// BK-1, BK-2, BK-3: only identified, consenting customers' listed behaviour, within a year.
export const ingestEventsRoute = route({
  method: 'POST',
  url: '/v1/events',
  operationId: 'ingestEvents',
  feature: 'tracking',
  summary:
    'Ingest a batch of behavioural events (JSON array or NDJSON, up to 10,000 or 5 MB); answered after commit',
  tags: ['tracking'],
  roles: ['admin', 'processor', 'customer'],
  scope: 'events',
  // A batch retried with the same Idempotency-Key gets the first answer, and nothing is stored twice.
  idempotent: true,
  // The tracker SDK calls it from the controller's pages (GARDE_CORS_ORIGINS).
  crossOrigin: true,
  bodyLimit: 5 * 1024 * 1024,
  schema: {
    body: T.Array(Event, { minItems: 1, maxItems: MAX_EVENTS }),
    response: {
      200: T.Object({
        received: T.Integer(),
        accepted: T.Integer(),
        dropped: T.Record(T.String(), T.Integer(), { description: 'Dropped events per reason code.' }),
      }),
      ...protectedErrors,
      413: ProblemSchema,
    },
  },
  async handler({ body }, { deps, principal }) {
    // A customer (the tracker SDK's session) records only its own behaviour.
    const events =
      principal.role === 'customer'
        ? body.map((e) => ({ ...e, subjectId: principal.subjectId ?? undefined }))
        : body;
    return { status: 200, body: await ingestEvents(deps, events) };
  },
});
