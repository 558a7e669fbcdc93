import { route } from '../../platform/http/route.ts';
import { protectedErrors } from '../../platform/http/schemas.ts';
import { ListSubjectsQuery, SubjectPage } from '../schemas.ts';
import { listSubjects } from '../subjects.ts';

export const listSubjectsRoute = route({
  method: 'GET',
  url: '/v1/subjects',
  operationId: 'listSubjects',
  summary: 'List subjects, optionally by lifecycle or by mailbox (case-insensitive), one page at a time',
  tags: ['subjects'],
  roles: ['admin', 'dpo'],
  reveals: ['identity'],
  schema: { querystring: ListSubjectsQuery, response: { 200: SubjectPage, ...protectedErrors } },
  async handler({ query }, { deps }) {
    return { status: 200, body: await listSubjects(deps, query) };
  },
});
