import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors, ResponseHeaders } from '../../platform/http/schemas.ts';
import { ifMatchVersions } from '../model.ts';
import { SubjectView, UpdateSubjectBody } from '../schemas.ts';
import { updateSubject } from '../subjects.ts';

export const updateSubjectRoute = route({
  method: 'PATCH',
  url: '/v1/subjects/:id',
  operationId: 'updateSubject',
  summary: 'Change a subject; audited. Send If-Match with the ETag to refuse lost updates',
  tags: ['subjects'],
  roles: ['admin', 'dpo'],
  reveals: ['identity'],
  idempotent: true,
  schema: {
    params: IdParams,
    headers: T.Object({
      'if-match': T.Optional(
        T.String({
          maxLength: 2000,
          pattern:
            '^[ \\t]*(\\*|[0-9]{1,9}|(W/)?"[\\x21\\x23-\\x7e]*"([ \\t]*,[ \\t]*(W/)?"[\\x21\\x23-\\x7e]*")*)[ \\t]*$',
          description:
            'RFC 9110: the ETag of the version this change was made against (or several, or `*`); if the subject is at another version, 412 SUBJECT_CONFLICT. A weak tag never matches.',
        }),
      ),
    }),
    body: UpdateSubjectBody,
    response: {
      200: SubjectView,
      ...protectedErrors,
      404: ProblemSchema,
      412: ProblemSchema,
      422: ProblemSchema,
    },
  },
  responses: { headers: { 200: ResponseHeaders.etag } },
  async handler({ params, body, headers }, { deps, actor }) {
    const ifMatch = headers['if-match'];
    const expected = typeof ifMatch === 'string' ? ifMatchVersions(ifMatch) : 'any';
    const subject = await updateSubject(deps, params.id, body, actor, expected);
    return { status: 200, body: subject, headers: { etag: `"${subject.version}"` } };
  },
});
