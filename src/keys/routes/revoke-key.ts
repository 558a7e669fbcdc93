import { GardeError } from '../../platform/errors.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { revokeKey } from '../store.ts';

export const revokeKeyRoute = route({
  method: 'DELETE',
  url: '/v1/keys/:id',
  operationId: 'revokeKey',
  summary: 'Revoke an API key; it is refused from the next request on',
  tags: ['keys'],
  roles: ['admin'],
  schema: { params: IdParams, response: { 204: { type: 'null' }, ...protectedErrors, 404: ProblemSchema } },
  async handler({ params }, { deps, actor }) {
    if (!(await revokeKey(deps.db, params.id, actor))) throw new GardeError('KEY_NOT_FOUND');
    return { status: 204 };
  },
});
