import { fieldErrors, GardeError } from '../../platform/errors.ts';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { getSubject } from '../../subjects/subjects.ts';
import { CreatedKey, CreateKeyBody } from '../schemas.ts';
import { scopeProblem } from '../scopes.ts';
import { createKey } from '../store.ts';

export const createKeyRoute = route({
  method: 'POST',
  url: '/v1/keys',
  operationId: 'createKey',
  summary: 'Create an API key bound to a role (and, for a customer, to one subject)',
  tags: ['keys'],
  roles: ['admin'],
  schema: {
    body: CreateKeyBody,
    response: { 201: CreatedKey, ...protectedErrors, 404: ProblemSchema, 422: ProblemSchema },
  },
  async handler({ body }, { deps, actor }) {
    if ((body.role === 'customer') !== Boolean(body.subjectId)) {
      throw new GardeError('REQUEST_INVALID', 'subjectId is required for the customer role and only for it');
    }
    const refused = scopeProblem(deps.policy, body.role, body.scopes ?? []);
    if (refused) {
      const path = refused.index === undefined ? '/scopes' : `/scopes/${refused.index}`;
      throw fieldErrors('KEY_SCOPE_INVALID', [{ in: 'body', path, message: refused.message }]);
    }
    if (body.subjectId) await getSubject(deps, body.subjectId);
    return { status: 201, body: await createKey(deps.db, body, actor) };
  },
});
