import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors, ResponseHeaders } from '../../platform/http/schemas.ts';
import { SubjectView } from '../schemas.ts';
import { getSubject } from '../subjects.ts';

export const getSubjectRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id',
  operationId: 'getSubject',
  summary: 'Read a subject and its identity data (the ID-card number is never returned)',
  tags: ['subjects'],
  roles: ['admin', 'dpo'],
  reveals: ['identity'],
  schema: { params: IdParams, response: { 200: SubjectView, ...protectedErrors, 404: ProblemSchema } },
  responses: { headers: { 200: ResponseHeaders.etag } },
  async handler({ params }, { deps }) {
    const subject = await getSubject(deps, params.id);
    return { status: 200, body: subject, headers: { etag: `"${subject.version}"` } };
  },
});
