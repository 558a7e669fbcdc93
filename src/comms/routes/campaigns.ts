import { Type as T } from 'typebox';
import { askedLanguages } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors, ResponseHeaders } from '../../platform/http/schemas.ts';
import { LIFECYCLES } from '../../policy/schema.ts';
import { readerWords } from '../../words/words.ts';
import { createCampaign, getCampaign, previewCampaign, sendCampaign } from '../campaigns.ts';
import { SubscriptionId } from '../schemas.ts';

const Id = T.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 });
const Counts = T.Object({
  audience: T.Integer(),
  eligible: T.Integer(),
  sent: T.Optional(T.Integer()),
  suppressed: T.Record(T.String(), T.Integer(), { description: 'Suppressed subjects per reason code.' }),
  file: T.Optional(T.String({ description: 'The outbound batch, relative to the data folder.' })),
});
const CampaignBody = T.Object(
  {
    name: T.String({ minLength: 1, maxLength: 200 }),
    purpose: Id,
    channel: Id,
    messageClass: Id,
    sender: T.Optional(Id),
    domain: T.Optional(Id),
    subscription: T.Optional(SubscriptionId),
    contentRef: T.String({ minLength: 1, maxLength: 200 }),
    audience: T.Object(
      {
        lifecycles: T.Optional(T.Array(T.Enum(LIFECYCLES), { minItems: 1, maxItems: 10 })),
        holdings: T.Optional(
          T.Array(Id, { minItems: 1, maxItems: 1000, description: 'Holds any of these products.' }),
        ),
        themes: T.Optional(
          T.Array(Id, {
            minItems: 1,
            maxItems: 1000,
            description: 'Linked a product to any of these themes.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
const CampaignView = T.Object({
  id: T.String(),
  name: T.String(),
  purpose: T.String(),
  channel: T.String(),
  messageClass: T.String(),
  sender: T.Optional(T.String()),
  domain: T.Optional(T.String()),
  subscription: T.Optional(T.String()),
  contentRef: T.String(),
  audience: T.Object({}, { additionalProperties: true }),
  status: T.String(),
  createdBy: T.String(),
  createdAt: T.String({ format: 'date-time' }),
  sentAt: T.Union([T.String({ format: 'date-time' }), T.Null()]),
  result: T.Union([Counts, T.Null()]),
});

export const createCampaignRoute = route({
  method: 'POST',
  url: '/v1/campaigns',
  operationId: 'createCampaign',
  feature: 'communications',
  summary:
    'Define a campaign: audience, purpose, channel, class, sender; refused if the policy forbids it for everyone',
  tags: ['communications'],
  roles: ['marketer', 'admin'],
  idempotent: true,
  schema: { body: CampaignBody, response: { 201: CampaignView, ...protectedErrors, 422: ProblemSchema } },
  responses: { headers: { 201: ResponseHeaders.location } },
  async handler({ body, headers }, { deps, actor }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    const campaign = await createCampaign(deps, body, actor, words);
    return { status: 201, body: campaign, headers: { location: `/v1/campaigns/${campaign.id}` } };
  },
});

export const getCampaignRoute = route({
  method: 'GET',
  url: '/v1/campaigns/:id',
  operationId: 'getCampaign',
  feature: 'communications',
  summary: 'A campaign, with its result once sent',
  tags: ['communications'],
  roles: ['marketer', 'dpo', 'admin'],
  schema: { params: IdParams, response: { 200: CampaignView, ...protectedErrors, 404: ProblemSchema } },
  async handler({ params }, { deps }) {
    return { status: 200, body: await getCampaign(deps, params.id) };
  },
});

export const previewCampaignRoute = route({
  method: 'GET',
  url: '/v1/campaigns/:id/preview',
  operationId: 'previewCampaign',
  feature: 'communications',
  summary:
    'Before sending: how many are eligible, how many suppressed and why (consent, objection, cap, ...)',
  tags: ['communications'],
  roles: ['marketer', 'dpo', 'admin'],
  schema: { params: IdParams, response: { 200: Counts, ...protectedErrors, 404: ProblemSchema } },
  async handler({ params }, { deps }) {
    return { status: 200, body: await previewCampaign(deps, params.id) };
  },
});

export const sendCampaignRoute = route({
  method: 'POST',
  url: '/v1/campaigns/:id/send',
  operationId: 'sendCampaign',
  feature: 'communications',
  summary: 'Send once: reserve cap slots set-wise, write the ledger, emit the outbound batch',
  tags: ['communications'],
  roles: ['marketer', 'admin'],
  schema: {
    params: IdParams,
    response: { 200: Counts, ...protectedErrors, 404: ProblemSchema, 409: ProblemSchema },
  },
  async handler({ params }, { deps, actor }) {
    return { status: 200, body: await sendCampaign(deps, params.id, actor) };
  },
});
