import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { Nullable, PageOf, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import { listAllHolds } from '../holds.ts';

const HeldSubjectView = T.Object({
  id: T.Integer(),
  subjectId: T.String({ format: 'uuid' }),
  category: Nullable(T.String({ description: 'The category held; null: every category.' })),
  reason: T.String(),
  until: Nullable(T.String({ format: 'date', description: 'Held until this day; null: until released.' })),
  placedBy: T.String({ description: 'Who placed it (key:<id>).' }),
  placedAt: T.String({ format: 'date-time' }),
});

export const listAllLegalHoldsRoute = route({
  method: 'GET',
  url: '/v1/legal-holds',
  operationId: 'listAllLegalHolds',
  summary:
    'Every legal hold in force, of every person, oldest first: the data kept past erasure and retention',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    querystring: T.Object(pageParams(1000, 100), { additionalProperties: false }),
    response: { 200: PageOf(HeldSubjectView), ...protectedErrors },
  },
  async handler({ query }, { deps }) {
    const page = await listAllHolds(deps, query);
    return {
      status: 200,
      body: { ...page, items: page.items.map((h) => ({ ...h, placedAt: h.placedAt.toISOString() })) },
    };
  },
});
