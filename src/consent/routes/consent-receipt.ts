import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { consentReceiptOf } from '../consent.ts';

export const consentReceiptRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/consents/receipt',
  operationId: 'getConsentReceipt',
  summary: 'The consent records as ISO/IEC TS 27560 JSON-LD with W3C DPV terms',
  tags: ['consent'],
  roles: ['customer', 'dpo', 'admin'],
  reveals: ['consent-proof'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    response: { 200: T.Object({}, { additionalProperties: true }), ...protectedErrors, 404: ProblemSchema },
  },
  async handler({ params }, { deps }) {
    const receipt = await consentReceiptOf(deps, params.id);
    return { status: 200, body: receipt, headers: { 'content-type': 'application/ld+json; charset=utf-8' } };
  },
});
