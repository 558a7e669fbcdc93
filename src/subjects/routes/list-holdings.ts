import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, PageOf, ProblemSchema, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import { listHoldings } from '../subjects.ts';

export const listHoldingsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/holdings',
  operationId: 'listHoldings',
  summary: 'Products and accounts the subject holds',
  tags: ['subjects'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    querystring: T.Object(pageParams(500, 100), { additionalProperties: false }),
    response: {
      200: PageOf(
        T.Object({
          id: T.String(),
          productCode: T.String(),
          accountRef: T.String(),
          heldSince: T.String(),
        }),
      ),
      ...protectedErrors,
      404: ProblemSchema,
    },
  },
  async handler({ params, query }, { deps }) {
    return { status: 200, body: await listHoldings(deps, params.id, query) };
  },
});
