import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { listHoldings } from '../subjects.ts';

export const listHoldingsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/holdings',
  summary: 'Products and accounts the subject holds',
  tags: ['subjects'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    response: {
      200: T.Object({
        items: T.Array(
          T.Object({
            id: T.String(),
            productCode: T.String(),
            accountRef: T.String(),
            heldSince: T.String(),
          }),
        ),
      }),
      ...protectedErrors,
      404: ProblemSchema,
    },
  },
  async handler({ params }, { deps }) {
    return { status: 200, body: { items: await listHoldings(deps, params.id) } };
  },
});
