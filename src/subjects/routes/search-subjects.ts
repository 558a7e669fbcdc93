import { route } from '../../platform/http/route.ts';
import { protectedErrors } from '../../platform/http/schemas.ts';
import { SearchPage, SearchSubjectsQuery } from '../schemas.ts';
import { searchSubjects } from '../subjects.ts';

// Issue 15, BK-13: the branch or contact-center agent finds the customer in front of them; the
// answer names them (the names the policy lets agents see) and flags possible duplicates. Not
// under /v1/subjects/: that path's `:id` would take "search" for an id for other methods.
export const searchSubjectsRoute = route({
  method: 'GET',
  url: '/v1/subject-search',
  operationId: 'searchSubjects',
  summary:
    'Find a person by customer number, e-mail or name: ids, customer numbers and names only, duplicates flagged; audited without the query',
  tags: ['subjects'],
  roles: ['agent', 'dpo', 'admin'],
  reveals: ['identity'],
  schema: { querystring: SearchSubjectsQuery, response: { 200: SearchPage, ...protectedErrors } },
  async handler({ query }, { deps, actor }) {
    return { status: 200, body: await searchSubjects(deps, query, actor) };
  },
});
