import { Type as T } from 'typebox';
import { GardeError } from '../../platform/errors.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors, ResponseHeaders } from '../../platform/http/schemas.ts';
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
          pattern: '^"?[0-9]{1,9}"?$',
          description:
            'The ETag of the version this change was made against: if the subject changed since, 409 SUBJECT_CONFLICT.',
        }),
      ),
    }),
    body: UpdateSubjectBody,
    response: {
      200: SubjectView,
      ...protectedErrors,
      404: ProblemSchema,
      409: ProblemSchema,
      422: ProblemSchema,
    },
  },
  responses: { headers: { 200: ResponseHeaders.etag } },
  async handler({ params, body, headers }, { deps, actor }) {
    const ifMatch = headers['if-match'];
    const expected = typeof ifMatch === 'string' ? Number(ifMatch.replaceAll('"', '')) : undefined;
    if (expected !== undefined && !Number.isInteger(expected))
      throw new GardeError('REQUEST_INVALID', 'If-Match must be a version');
    const subject = await updateSubject(deps, params.id, body, actor, expected);
    return { status: 200, body: subject, headers: { etag: `"${subject.version}"` } };
  },
});
