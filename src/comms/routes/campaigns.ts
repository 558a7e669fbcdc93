import { Type as T } from 'typebox';
import { REASONS } from '../../decide/reasons.ts';
import { GardeError } from '../../platform/errors.ts';
import { askedLanguages } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import {
  IdParams,
  Nullable,
  PageOf,
  ProblemSchema,
  pageParams,
  protectedErrors,
  ResponseHeaders,
} from '../../platform/http/schemas.ts';
import type { Policy } from '../../policy/schema.ts';
import { LIFECYCLES } from '../../policy/schema.ts';
import { readerWords } from '../../words/words.ts';
import { batchHandOver, listBatches, openBatch } from '../batch-download.ts';
import { drainQueue, queueCampaign } from '../campaign-queue.ts';
import {
  CAMPAIGN_STATUSES,
  createCampaign,
  getCampaign,
  listCampaigns,
  previewCampaign,
  sendCampaign,
} from '../campaigns.ts';
import { SubscriptionId } from '../schemas.ts';
import { capArbitration, listSuppressions } from '../suppressions.ts';

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
    priority: T.Optional(
      T.Integer({
        minimum: 0,
        maximum: 100,
        default: 0,
        description:
          'When campaigns wait to be sent in the same cap window, the higher priority is sent first and takes the slot; equal priorities: first queued, first sent. A message already sent keeps its slot.',
      }),
    ),
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
  status: T.Union(CAMPAIGN_STATUSES.map((x) => T.Literal(x))),
  priority: T.Integer(),
  createdBy: T.String(),
  createdAt: T.String({ format: 'date-time' }),
  queuedAt: Nullable(T.String({ format: 'date-time' })),
  sentAt: T.Union([T.String({ format: 'date-time' }), T.Null()]),
  progress: Nullable(
    T.Object(
      { processed: T.Integer(), total: Nullable(T.Integer()) },
      { description: 'The send job: people of the audience judged so far, of total.' },
    ),
  ),
  result: T.Union([Counts, T.Null()]),
  sendFailure: Nullable(
    T.Object(
      {
        code: T.String({
          description: 'A problem code of /problems (CAMPAIGN_INVALID, CAMPAIGN_SEND_FAILED, ...).',
        }),
        message: T.String({
          description:
            "In English, the API documentation language (the send job answers no request). A console words `reasons` in its reader's language instead.",
        }),
        reasons: T.Array(T.String(), {
          description:
            "The decision point's reason codes when the policy in force refused the campaign (e.g. sender.not-allowed; GET /v1/policy `reasons` words them); empty for any other failure.",
        }),
        at: T.String({ format: 'date-time' }),
      },
      {
        description:
          'Why the send job put the campaign back to draft: the policy in force no longer allows it, or its send failed again and again for a reason outside it (a failing send never holds the queue). null once it is queued again.',
      },
    ),
  ),
});
const TakenBy = T.Object({ campaign: T.String(), name: T.String(), priority: T.Integer() });
const Preview = T.Object({
  ...Counts.properties,
  arbitration: T.Object(
    {
      takenBy: T.Array(T.Object({ ...TakenBy.properties, subjects: T.Integer() })),
      usedOtherwise: T.Integer({
        description:
          'Full slots used by messages outside any campaign (one-to-one contacts, overrides) or by others at the mailbox.',
      }),
      queued: T.Array(T.Object({ ...TakenBy.properties, subjects: T.Integer() }), {
        description:
          'Campaigns still waiting to be sent (queued or being sent) that the job sends before this one (higher priority, or equal and queued first), each with how many of the people this one may reach now it reaches too: sent first, it uses one of their cap slots (with a cap of one, the slot).',
      }),
    },
    {
      description:
        'Of the people whose slot is full (cap.reached), how many lost it to each campaign already sent in the window, with its priority.',
    },
  ),
  batch: T.Object(
    {
      recipient: Nullable(
        T.String({ description: "The processor the policy names for the channel's batch." }),
      ),
      allowed: T.Boolean({
        description:
          "Whether a marketer (or that processor's key) will be able to download the batch once sent: the policy names a processor and the decision point discloses the batch's fields to it for the campaign's purpose. Otherwise only the DPO or an administrator can hand it over.",
      }),
      reasons: T.Array(T.String(), {
        description:
          'Why the decision point refuses that processor the batch (reason codes, GET /v1/policy `reasons`).',
      }),
    },
    { description: 'Whether the batch can be handed to its processor, known before sending.' },
  ),
});
const Suppression = T.Object({
  subjectId: T.String({ format: 'uuid' }),
  reason: T.String({ description: 'A reason code (docs/decide.md), e.g. consent.missing, cap.reached.' }),
  takenBy: Nullable(TakenBy),
});

/** 400 CAMPAIGN_FILTER_INVALID unless the policy declares the id (a filter that matches nothing). */
function declared(kind: 'purpose' | 'channel', id: string | undefined, policy: Policy): void {
  if (id === undefined) return;
  const ids =
    kind === 'purpose'
      ? policy.purposes.map((p) => p.id)
      : (policy.communications?.channels ?? []).map((c) => c.id);
  if (!ids.includes(id))
    throw new GardeError('CAMPAIGN_FILTER_INVALID', `the policy declares no ${kind} "${id}"`);
}

export const listCampaignsRoute = route({
  method: 'GET',
  url: '/v1/campaigns',
  operationId: 'listCampaigns',
  feature: 'communications',
  summary: 'The campaigns, newest first, filtered by status, purpose and channel',
  tags: ['communications'],
  roles: ['marketer', 'dpo', 'admin'],
  schema: {
    querystring: T.Object(
      {
        ...pageParams(200, 50),
        status: T.Optional(T.Union(CAMPAIGN_STATUSES.map((x) => T.Literal(x)))),
        purpose: T.Optional(Id),
        channel: T.Optional(Id),
      },
      { additionalProperties: false },
    ),
    response: { 200: PageOf(CampaignView), ...protectedErrors, 400: ProblemSchema },
  },
  async handler({ query }, { deps }) {
    const { status, purpose, channel, ...req } = query;
    declared('purpose', purpose, deps.policy);
    declared('channel', channel, deps.policy);
    return { status: 200, body: await listCampaigns(deps, { status, purpose, channel }, req) };
  },
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
  schema: {
    params: IdParams,
    response: { 200: Preview, ...protectedErrors, 404: ProblemSchema, 422: ProblemSchema },
  },
  async handler({ params, headers }, { deps }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    const counts = await previewCampaign(deps, params.id, words);
    const campaign = await getCampaign(deps, params.id);
    const arbitration = await capArbitration(deps, deps.db, campaign);
    return { status: 200, body: { ...counts, arbitration, batch: batchHandOver(deps.policy, campaign) } };
  },
});

export const listSuppressionsRoute = route({
  method: 'GET',
  url: '/v1/campaigns/:id/suppressions',
  operationId: 'listCampaignSuppressions',
  feature: 'communications',
  summary:
    'Who the campaign leaves out and why, by subject id and reason code (never who they are); for a full cap slot, the campaign that took it',
  tags: ['communications'],
  roles: ['marketer', 'dpo', 'admin'],
  schema: {
    params: IdParams,
    querystring: T.Object(
      {
        ...pageParams(500, 50),
        reason: T.Optional(T.Union(Object.keys(REASONS).map((x) => T.Literal(x)))),
      },
      { additionalProperties: false },
    ),
    response: {
      200: PageOf(Suppression),
      ...protectedErrors,
      400: ProblemSchema,
      404: ProblemSchema,
      422: ProblemSchema,
    },
  },
  async handler({ params, query, headers }, { deps }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    return { status: 200, body: await listSuppressions(deps, params.id, query, words) };
  },
});

export const campaignBatchRoute = route({
  method: 'GET',
  url: '/v1/campaigns/:id/batch',
  operationId: 'getCampaignBatch',
  feature: 'communications',
  summary:
    "A sent campaign's outbound batch, as its channel declares it: what the processor delivering needs (a CSV for a person, JSON for a program). A marketer may download it for the processor the policy names for the channel's batch (`batch.recipient`), that processor's key (scopes `batches`, `recipient:<id>`) its own batches only; without a named processor, only the DPO or an administrator. Each download is audited as a disclosure to the processor (`campaign.batch.disclose`, its `detail` naming the campaign, channel, recipient, SHA-256 and size); a HEAD request discloses nothing and is not audited.",
  tags: ['communications'],
  // The batch holds what the channel's address needs (e-mail addresses, postal addresses):
  // identity, which a marketer may not know (BK-13) and a processor sees only as its policy
  // entry grants (EN-8). They get it to hand it over, not to know it: only for the processor the
  // policy names for the batch, when the decision point lets it receive it (batch-download.ts).
  roles: ['marketer', 'processor', 'dpo', 'admin'],
  reveals: ['identity'],
  handsOver: ['marketer', 'processor'],
  scope: 'batches',
  schema: {
    params: IdParams,
    response: { 200: T.Unknown(), ...protectedErrors, 404: ProblemSchema, 409: ProblemSchema },
  },
  responses: {
    content: {
      200: {
        'text/csv': T.String({
          description: 'A spreadsheet batch: subject_id, the declared fields, content_ref.',
        }),
        'application/json': T.Array(T.Object({}, { additionalProperties: true }), {
          description: 'A machine batch: one object per recipient.',
        }),
      },
    },
    headers: {
      200: {
        'Content-Disposition': {
          description:
            'attachment; filename="<campaign>-<channel>-<recipient>.<csv|json>", the recipient being the processor the policy names for the batch (without one, "<campaign>-<channel>.<csv|json>")',
          schema: T.String(),
          required: true,
        },
      },
    },
  },
  async handler({ params, headers }, { deps, principal, actor, request }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    const head = request.method === 'HEAD';
    const batch = await openBatch(deps, await getCampaign(deps, params.id), {
      principal,
      actor,
      words,
      head,
    });
    return {
      status: 200,
      body: batch.stream,
      headers: {
        'content-type': batch.type,
        'content-disposition': `attachment; filename="${batch.name}"`,
        'cache-control': 'no-store',
      },
    };
  },
});

export const sendCampaignRoute = route({
  method: 'POST',
  url: '/v1/campaigns/:id/send',
  operationId: 'sendCampaign',
  feature: 'communications',
  summary:
    'Send once: reserve cap slots set-wise, write the ledger, emit the outbound batch; refused (422) when the policy in force no longer allows the campaign',
  tags: ['communications'],
  roles: ['marketer', 'admin'],
  schema: {
    params: IdParams,
    headers: T.Object({
      prefer: T.Optional(
        T.String({
          maxLength: 200,
          description:
            'respond-async (RFC 7240): queue the send as a job and answer 202 at once; GET /v1/campaigns/:id shows its progress. Queued campaigns are sent highest priority first.',
        }),
      ),
    }),
    response: {
      200: Counts,
      202: CampaignView,
      ...protectedErrors,
      404: ProblemSchema,
      409: ProblemSchema,
      422: ProblemSchema,
      503: ProblemSchema,
    },
  },
  responses: { headers: { 202: ResponseHeaders.location } },
  async handler({ params, headers }, { deps, actor }) {
    if (/\brespond-async\b/i.test(String(headers.prefer ?? ''))) {
      const queued = await queueCampaign(deps, params.id, actor);
      // The server's job picks it up within a second; this starts it now. A failure leaves it
      // queued for that job, which logs it.
      drainQueue(deps).catch(() => undefined);
      return {
        status: 202,
        body: queued,
        headers: { location: `/v1/campaigns/${params.id}`, 'preference-applied': 'respond-async' },
      };
    }
    return { status: 200, body: await sendCampaign(deps, params.id, actor) };
  },
});

const BatchListingView = T.Object({
  campaign: T.String({ format: 'uuid' }),
  channel: T.String(),
  recipient: Nullable(T.String({ description: "The processor the policy names for the channel's batch." })),
  sentAt: T.String({ format: 'date-time' }),
  file: T.String({
    description: 'The name the download gives the file: <campaign>-<channel>-<recipient>.<csv|json>.',
  }),
  bytes: Nullable(T.Integer({ description: 'Its size in bytes; null when retention removed it.' })),
  href: T.String({ description: 'Where to download it (GET, audited as a disclosure).' }),
});

export const listBatchesRoute = route({
  method: 'GET',
  url: '/v1/batches',
  operationId: 'listBatches',
  feature: 'communications',
  summary:
    "The sent campaigns' outbound batches, newest first: a processor's key (scopes `batches`, `recipient:<id>`) finds its own, the marketer, DPO or admin those of `recipient`, or all. No byte of a file: each download is audited",
  tags: ['communications'],
  roles: ['marketer', 'processor', 'dpo', 'admin'],
  scope: 'batches',
  schema: {
    querystring: T.Object(
      {
        ...pageParams(200, 50),
        recipient: T.Optional(Id),
      },
      { additionalProperties: false },
    ),
    response: { 200: PageOf(BatchListingView), ...protectedErrors },
  },
  async handler({ query }, { deps, principal }) {
    return { status: 200, body: await listBatches(deps, principal, query) };
  },
});
