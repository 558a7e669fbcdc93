import { Type as T } from 'typebox';
import { pendingMigrations } from '../../platform/db/migrate.ts';
import { GardeError } from '../../platform/errors.ts';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema } from '../../platform/http/schemas.ts';

export const readyRoute = route({
  method: 'GET',
  url: '/ready',
  operationId: 'getReadiness',
  summary: 'Readiness: the database answers and its schema is current',
  tags: ['system'],
  roles: 'public',
  schema: {
    response: {
      200: T.Object({ status: T.Literal('ready'), backend: T.String(), policy: T.String() }),
      503: ProblemSchema,
    },
  },
  async handler(_input, { deps }) {
    try {
      const pending = await pendingMigrations(deps.db);
      if (pending.length > 0) throw new GardeError('NOT_READY', `${pending.length} migration(s) pending`);
    } catch (err) {
      if (err instanceof GardeError) throw err;
      throw new GardeError('NOT_READY', 'The database does not answer');
    }
    const policy = `${deps.policy.policy.id}@${deps.policy.policy.version}`;
    return { status: 200, body: { status: 'ready', backend: deps.db.backend, policy } };
  },
});
