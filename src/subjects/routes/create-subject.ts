import { route } from '../../platform/http/route.ts';
import { ProblemSchema, protectedErrors, ResponseHeaders } from '../../platform/http/schemas.ts';
import { CreateSubjectBody, SubjectView } from '../schemas.ts';
import { createSubject } from '../subjects.ts';

export const createSubjectRoute = route({
  method: 'POST',
  url: '/v1/subjects',
  operationId: 'createSubject',
  summary: 'Create a subject (prospect, customer or former customer) with identity data',
  tags: ['subjects'],
  roles: ['admin', 'dpo'],
  reveals: ['identity'],
  idempotent: true,
  schema: {
    body: CreateSubjectBody,
    response: { 201: SubjectView, ...protectedErrors, 409: ProblemSchema, 422: ProblemSchema },
  },
  responses: { headers: { 201: ResponseHeaders.location } },
  async handler({ body }, { deps, actor }) {
    const subject = await createSubject(deps, body, actor);
    return { status: 201, body: subject, headers: { location: `/v1/subjects/${subject.id}` } };
  },
});
