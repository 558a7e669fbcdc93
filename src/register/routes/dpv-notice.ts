// The machine-readable notice (GDPR Art. 12(7)): the policy in force as W3C DPV JSON-LD, for
// anyone, like the notice itself. Its context is inline, so a reader expands it offline. It is
// public and carries nothing of anyone, so any site's tools may read it from the browser: CORS
// for every origin (a simple GET, no preflight, no credentials) and a Cross-Origin-Resource-Policy
// that lets another origin load it; helmet's same-origin stays on every other route.
import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { dpvNotice } from '../dpv.ts';

const Node = T.Object({}, { additionalProperties: true });
const DpvNoticeView = T.Object(
  {
    '@context': T.Object({}, { additionalProperties: true }),
    '@id': T.String({ description: 'The notice version: urn:garde:POLICY:notice:VERSION.' }),
    '@type': T.Literal('dpv:PrivacyNotice'),
    'dct:hasVersion': T.String(),
    'dpv:hasProcess': T.Array(Node, { description: 'One dpv:Process per purpose of the policy.' }),
  },
  {
    additionalProperties: true,
    description:
      'The policy as JSON-LD with W3C DPV terms (and its EU GDPR extension): purposes, legal bases, categories, recipients, retention, transfers, rights.',
  },
);

/** OpenAPI: what lets a page on any origin read the notice. */
const PUBLIC_READ_HEADERS = {
  'Access-Control-Allow-Origin': {
    description: '`*`: a page on any origin may read the notice (no credentials are involved).',
    schema: T.Literal('*'),
    required: true,
  },
  'Cross-Origin-Resource-Policy': {
    description: '`cross-origin`: another origin may load it.',
    schema: T.Literal('cross-origin'),
    required: true,
  },
};

export const dpvNoticeRoute = route({
  method: 'GET',
  url: '/notice.jsonld',
  operationId: 'getMachineReadableNotice',
  summary: 'The privacy notice in force, machine-readable: the policy as W3C DPV JSON-LD',
  tags: ['policy'],
  roles: 'public',
  schema: { response: { 200: DpvNoticeView } },
  responses: {
    content: { 200: { 'application/ld+json': DpvNoticeView } },
    headers: { 200: PUBLIC_READ_HEADERS },
  },
  async handler(_input, { deps }) {
    return {
      status: 200,
      body: dpvNotice(deps.policy),
      headers: {
        'content-type': 'application/ld+json; charset=utf-8',
        'cache-control': 'no-cache',
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
      },
    };
  },
});
