import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { PageOf, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import { KeyView } from '../schemas.ts';
import { listKeys } from '../store.ts';

export const listKeysRoute = route({
  method: 'GET',
  url: '/v1/keys',
  operationId: 'listKeys',
  summary: 'List API keys (never their secrets)',
  tags: ['keys'],
  roles: ['admin'],
  schema: {
    querystring: T.Object(pageParams(500, 100), { additionalProperties: false }),
    response: { 200: PageOf(KeyView), ...protectedErrors },
  },
  async handler({ query }, { deps }) {
    return { status: 200, body: await listKeys(deps, query) };
  },
});
