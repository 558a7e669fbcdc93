import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { protectedErrors } from '../../platform/http/schemas.ts';
import { KeyView } from '../schemas.ts';
import { listKeys } from '../store.ts';

export const listKeysRoute = route({
  method: 'GET',
  url: '/v1/keys',
  summary: 'List API keys (never their secrets)',
  tags: ['keys'],
  roles: ['admin'],
  schema: { response: { 200: T.Object({ items: T.Array(KeyView) }), ...protectedErrors } },
  async handler(_input, { deps }) {
    return { status: 200, body: { items: await listKeys(deps.db) } };
  },
});
