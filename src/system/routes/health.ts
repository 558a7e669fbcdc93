import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';

export const healthRoute = route({
  method: 'GET',
  url: '/health',
  operationId: 'getHealth',
  summary: 'Liveness: the process answers',
  tags: ['system'],
  roles: 'public',
  schema: { response: { 200: T.Object({ status: T.Literal('ok') }) } },
  async handler() {
    return { status: 200, body: { status: 'ok' } };
  },
});
