import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { consentReceiptOf } from '../consent.ts';

const Node = T.Object({}, { additionalProperties: true });
/** The receipt's outer shape; its nodes are JSON-LD, read with the inline `@context`. */
const ConsentReceiptView = T.Object(
  {
    '@context': T.Object({}, { additionalProperties: true }),
    '@id': T.String({ description: 'The receipt: urn:uuid:..., new each time one is issued.' }),
    '@type': T.Literal('dpv:ConsentReceipt'),
    'dct:identifier': T.String(),
    'dct:created': T.String({ format: 'date-time' }),
    'dct:conformsTo': T.Array(Node),
    'dpv:hasRecordOfActivity': T.Optional(
      T.Array(Node, { description: 'One dpv:ConsentRecord per consent in force (per purpose and channel).' }),
    ),
  },
  {
    additionalProperties: true,
    description:
      'ISO/IEC TS 27560 consent records in JSON-LD with W3C DPV terms; expands offline (the context is inline).',
  },
);

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
    response: { 200: ConsentReceiptView, ...protectedErrors, 404: ProblemSchema },
  },
  responses: {
    content: { 200: { 'application/ld+json': ConsentReceiptView } },
    headers: {
      200: {
        'Content-Disposition': {
          description:
            'attachment; filename="consent-receipt-YYYY-MM-DD.jsonld" (the day it was issued): a browser saves it as a file.',
          schema: T.String(),
          required: true,
        },
      },
    },
  },
  async handler({ params }, { deps }) {
    const receipt = await consentReceiptOf(deps, params.id);
    const day = receipt['dct:created'].slice(0, 10);
    return {
      status: 200,
      body: receipt,
      headers: {
        'content-type': 'application/ld+json; charset=utf-8',
        // The privacy page offers the receipt as a file to keep (EN-11); an API client reads it as JSON.
        'content-disposition': `attachment; filename="consent-receipt-${day}.jsonld"`,
        'cache-control': 'no-store',
      },
    };
  },
});
