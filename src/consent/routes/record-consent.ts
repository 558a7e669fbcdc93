import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { recordConsent } from '../consent.ts';
import { ConsentEventView, RecordConsentBody } from '../schemas.ts';
import { whoOf } from './who.ts';

// BK-16, EN-9: consent can be given or withdrawn at any time; each record carries its proof.
export const recordConsentRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/consents',
  operationId: 'recordConsent',
  summary: 'Record consent given, refused or withdrawn, with its proof; effective for the next decision',
  tags: ['consent'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  idempotent: true,
  schema: {
    params: IdParams,
    body: RecordConsentBody,
    response: {
      201: ConsentEventView,
      ...protectedErrors,
      404: ProblemSchema,
      409: ProblemSchema,
      422: ProblemSchema,
    },
  },
  async handler({ params, body }, ctx) {
    return { status: 201, body: await recordConsent(ctx.deps, params.id, body, whoOf(ctx)) };
  },
});
