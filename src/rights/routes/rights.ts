// Data-subject rights over HTTP: requests (customers through the portal, operators for letters
// and e-mails), the DPO's queue and actions, access reports, portability exports, legal holds.
import { Type as T } from 'typebox';
import { DATA_KINDS } from '../../keys/need-to-know.ts';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { type RouteReply, route } from '../../platform/http/route.ts';
import {
  IdParams,
  Nullable,
  PageOf,
  PolicyName,
  ProblemSchema,
  pageParams,
  protectedErrors,
  ResponseHeaders,
  RowId,
  Uuid,
} from '../../platform/http/schemas.ts';
import { RIGHTS } from '../../policy/schema.ts';
import { IdentityFields } from '../../subjects/schemas.ts';
import { wordsIn } from '../../words/words.ts';
import { DELIVERY_FORMATS, type DeliveredFile, deliverAnswer } from '../delivery.ts';
import { fulfilRequest } from '../fulfil.ts';
import { liftHold, listHolds, placeHold } from '../holds.ts';
import { PAUSE_REASONS, REQUEST_STATUSES, URGENCIES } from '../model.ts';
import { renderAccessReport } from '../render.ts';
import { AccessReportView } from '../report-schema.ts';
import { accessReportFor, portabilityExport } from '../reports.ts';
import {
  countQueue,
  createRequest,
  extendRequest,
  getRequest,
  listRequests,
  pauseRequest,
  rejectRequest,
  resumeRequest,
  seenBy,
  verifyRequest,
} from '../requests.ts';
import { StepView } from './steps.ts';

const Json = T.Object({}, { additionalProperties: true });
const When = T.String({ format: 'date-time' });

const RequestView = T.Object({
  id: Uuid,
  subjectId: Nullable(T.String()),
  subjectPseudonym: T.String(),
  kind: T.String(),
  channel: T.String(),
  status: T.String({ description: REQUEST_STATUSES.join(', ') }),
  urgency: T.String({
    description: 'overdue, due-soon (within 7 days), on-time, paused (its clock stopped) or closed',
  }),
  receivedAt: When,
  dueAt: When,
  extendedAt: Nullable(When),
  extensionReason: Nullable(T.String()),
  pausedAt: Nullable(When),
  pauseReason: Nullable(T.String({ description: PAUSE_REASONS.join(', ') })),
  verification: Nullable(Json),
  routedTo: Nullable(T.String()),
  details: Json,
  outcome: Nullable(Json),
  closedAt: Nullable(When),
  createdBy: T.String(),
  version: T.Integer(),
  notice: T.Optional(T.String({ description: 'What the subject is told (extensions).' })),
  contractImpact: T.Optional(Nullable(T.String())),
  history: T.Optional(
    T.Array(T.Object({ status: T.String(), note: Nullable(T.String()), actor: T.String(), at: When })),
  ),
  steps: T.Optional(
    T.Array(StepView, {
      description:
        "The request's part in each system that holds the person's data, Garde's own first (issue 16): made when it is first fulfilled; the request completes when every step is done.",
    }),
  ),
  deliveries: T.Optional(
    T.Array(
      T.Object({
        format: T.String(),
        sha256: T.String({ description: 'Digest of the bytes handed over; the file itself is not kept.' }),
        bytes: T.Integer(),
        via: T.String({ description: 'privacy-page or staff' }),
        actor: T.String(),
        at: When,
      }),
      { description: 'Each time the answer was downloaded (access, portability).' },
    ),
  ),
});

const Details = T.Object(
  {
    purpose: T.Optional(PolicyName),
    objection: T.Optional(T.Enum(['direct-marketing', 'profiling', 'legitimate-interest'])),
    note: T.Optional(T.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** Why an operator extends or rejects: the subject is told. */
const ReasonBody = T.Object(
  { reason: T.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false },
);

/** Words the person is told (a notice, a contract impact): in their language unless another is asked for. */
const ForPerson = T.Object({ language: LanguageParam }, { additionalProperties: false });

const errors = { ...protectedErrors, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };

export const createRightsRequestRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/rights-requests',
  operationId: 'createRightsRequest',
  summary:
    'Record a request (access, rectification, erasure, restriction, objection, portability, consent withdrawal); due one month after receipt',
  tags: ['rights'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  idempotent: true,
  schema: {
    params: IdParams,
    querystring: ForPerson,
    body: T.Object(
      {
        kind: T.Enum(RIGHTS),
        channel: T.Optional(T.String({ ...PolicyName, description: 'Operators: letter, email...' })),
        receivedAt: T.Optional(
          T.String({ format: 'date-time', description: 'When the letter or e-mail arrived.' }),
        ),
        details: T.Optional(Details),
        confirmContractImpact: T.Optional(
          T.Boolean({
            description:
              'The person asking for themselves has read `contractImpact` (409 CONTRACT_IMPACT_UNCONFIRMED) and confirms it.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    response: { 201: RequestView, ...errors },
  },
  responses: { headers: { 201: ResponseHeaders.location } },
  async handler({ params, body, query, headers }, { deps, actor, principal }) {
    const who = { actor, role: principal.role, portal: principal.role === 'customer' };
    const asked = askedLanguages(query.language, headers);
    const request = await createRequest(deps, { ...body, subjectId: params.id }, who, asked);
    return {
      status: 201,
      body: seenBy({ role: principal.role, actor }, request),
      headers: { location: `/v1/rights-requests/${request.id}` },
    };
  },
});

export const subjectRightsRequestsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/rights-requests',
  operationId: 'listSubjectRightsRequests',
  summary: "A subject's requests and where each stands",
  tags: ['rights'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    querystring: T.Object(pageParams(1000, 100), { additionalProperties: false }),
    response: { 200: PageOf(RequestView), ...errors },
  },
  async handler({ params, query }, { deps, principal, actor }) {
    const page = await listRequests(deps, { ...query, subjectId: params.id });
    return {
      status: 200,
      body: { ...page, items: page.items.map((v) => seenBy({ role: principal.role, actor }, v)) },
    };
  },
});

/** The queue's filters besides urgency and paging, shared by the page and its counts. */
const QueueFilters = {
  status: T.Optional(T.Enum(REQUEST_STATUSES)),
  kind: T.Optional(T.Enum(RIGHTS)),
  channel: T.Optional(
    T.String({ ...PolicyName, description: 'The channel of receipt (the policy names them).' }),
  ),
  receivedFrom: T.Optional(T.String({ format: 'date-time', description: 'Received at or after.' })),
  receivedBefore: T.Optional(T.String({ format: 'date-time', description: 'Received before.' })),
};

type QueueQuery = { receivedFrom?: string; receivedBefore?: string };
const queueDates = <Q extends QueueQuery>(q: Q) => ({
  ...q,
  receivedFrom: q.receivedFrom ? new Date(q.receivedFrom) : undefined,
  receivedBefore: q.receivedBefore ? new Date(q.receivedBefore) : undefined,
});

export const listRightsRequestsRoute = route({
  method: 'GET',
  url: '/v1/rights-requests',
  operationId: 'listRightsRequests',
  summary:
    'The DPO queue by due date then id (keyset pages): open requests, or one urgency group, filtered by status, right, channel of receipt and date received',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    querystring: T.Object(
      {
        urgency: T.Optional(
          T.Enum(['open', 'all', ...URGENCIES], {
            description:
              'open (the default: every open request), all, or one group: overdue, due-soon, on-time, paused, closed',
          }),
        ),
        ...QueueFilters,
        ...pageParams(1000, 100),
      },
      { additionalProperties: false },
    ),
    response: { 200: PageOf(RequestView), ...errors },
  },
  async handler({ query }, { deps }) {
    const q = queueDates(query);
    return { status: 200, body: await listRequests(deps, { ...q, urgency: q.urgency ?? 'open' }) };
  },
});

export const countRightsRequestsRoute = route({
  method: 'GET',
  url: '/v1/rights-requests/counts',
  operationId: 'countRightsRequests',
  summary: "The queue's header: how many requests each urgency group holds under the same filters",
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    querystring: T.Object(QueueFilters, { additionalProperties: false }),
    response: {
      200: T.Object(
        Object.fromEntries(URGENCIES.map((u) => [u, T.Integer({ minimum: 0 })])) as Record<
          (typeof URGENCIES)[number],
          ReturnType<typeof T.Integer>
        >,
      ),
      ...errors,
    },
  },
  async handler({ query }, { deps }) {
    return { status: 200, body: await countQueue(deps, queueDates(query)) };
  },
});

export const getRightsRequestRoute = route({
  method: 'GET',
  url: '/v1/rights-requests/:id',
  operationId: 'getRightsRequest',
  summary: 'One request with its history of states',
  tags: ['rights'],
  roles: ['dpo', 'agent', 'admin'],
  schema: { params: IdParams, response: { 200: RequestView, ...errors } },
  async handler({ params }, { deps, principal, actor }) {
    const view = await getRequest(deps, params.id);
    // BK-13: an agent handling the letter need not learn how much behaviour or profile is held.
    return { status: 200, body: seenBy({ role: principal.role, actor }, view) };
  },
});

export const verifyRightsRequestRoute = route({
  method: 'POST',
  url: '/v1/rights-requests/:id/verification',
  operationId: 'verifyRightsRequest',
  summary:
    'Check a letter or e-mail request against an ID document: only the outcome is kept, the rest of the document is dropped',
  tags: ['rights'],
  roles: ['dpo', 'agent', 'admin'],
  schema: {
    params: IdParams,
    body: T.Object(
      {
        documentType: T.Enum(['id-card', 'passport', 'driving-licence', 'residence-permit']),
        givenName: T.String({ minLength: 1, maxLength: 200 }),
        familyName: T.String({ minLength: 1, maxLength: 200 }),
        birthDate: T.String({ format: 'date' }),
        expiresOn: T.Optional(T.String({ format: 'date' })),
        fromEmail: T.Optional(
          T.String({
            format: 'email',
            maxLength: 320,
            description:
              'A request by e-mail: the address it came from, compared with the record whatever its case; only the outcome is kept.',
          }),
        ),
      },
      { additionalProperties: T.Unknown(), description: 'Other fields read off the document are redacted.' },
    ),
    response: { 200: RequestView, ...errors },
  },
  async handler({ params, body }, { deps, actor, principal }) {
    return {
      status: 200,
      body: seenBy({ role: principal.role, actor }, await verifyRequest(deps, params.id, body, actor)),
    };
  },
});

export const extendRightsRequestRoute = route({
  method: 'POST',
  url: '/v1/rights-requests/:id/extension',
  operationId: 'extendRightsRequest',
  summary: 'Extend the deadline once, by the policy extension, with a reason the subject is told',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    params: IdParams,
    querystring: ForPerson,
    body: ReasonBody,
    response: { 200: RequestView, ...errors },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ params, query, body, headers }, { deps, actor }) {
    const asked = askedLanguages(query.language, headers);
    const { language, ...extended } = await extendRequest(deps, params.id, body.reason, actor, asked);
    return { status: 200, body: extended, headers: contentLanguage(language) };
  },
});

export const fulfilRightsRequestRoute = route({
  method: 'POST',
  url: '/v1/rights-requests/:id/fulfilment',
  operationId: 'fulfilRightsRequest',
  summary:
    'Carry out a verified request; an erasure lists what is kept, why and until when, and needs confirmContractEnd for a customer',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  idempotent: true,
  schema: {
    params: IdParams,
    querystring: ForPerson,
    body: T.Object(
      {
        confirmContractEnd: T.Optional(T.Boolean()),
        identity: T.Optional(IdentityFields),
      },
      { additionalProperties: false },
    ),
    response: { 200: RequestView, ...errors },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ params, query, body, headers }, { deps, actor, principal }) {
    const who = { actor, role: principal.role };
    const asked = askedLanguages(query.language, headers);
    const { language, ...done } = await fulfilRequest(deps, params.id, body, who, asked);
    return { status: 200, body: done, headers: contentLanguage(language) };
  },
});

export const rejectRightsRequestRoute = route({
  method: 'POST',
  url: '/v1/rights-requests/:id/rejection',
  operationId: 'rejectRightsRequest',
  summary: 'Close a request without acting (identity not proven, manifestly unfounded), saying why',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    params: IdParams,
    body: ReasonBody,
    response: { 200: RequestView, ...errors },
  },
  async handler({ params, body }, { deps, actor }) {
    return { status: 200, body: await rejectRequest(deps, params.id, body.reason, actor) };
  },
});

export const pauseRightsRequestRoute = route({
  method: 'POST',
  url: '/v1/rights-requests/:id/pause',
  operationId: 'pauseRightsRequest',
  summary:
    "Stop a request's clock while waiting for the person (a proof of identity, a clarification; Art. 12(6)); answers the notice asking them",
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    params: IdParams,
    querystring: ForPerson,
    body: T.Object(
      {
        reason: T.Enum(PAUSE_REASONS),
        note: T.Optional(
          T.String({ minLength: 1, maxLength: 500, description: 'For staff: what was asked.' }),
        ),
      },
      { additionalProperties: false },
    ),
    response: { 200: RequestView, ...errors },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ params, query, body, headers }, { deps, actor }) {
    const asked = askedLanguages(query.language, headers);
    const { language, ...paused } = await pauseRequest(deps, params.id, body.reason, body.note, actor, asked);
    return { status: 200, body: paused, headers: contentLanguage(language) };
  },
});

export const resumeRightsRequestRoute = route({
  method: 'POST',
  url: '/v1/rights-requests/:id/resumption',
  operationId: 'resumeRightsRequest',
  summary: 'Restart a paused request: its deadline moves by the time it was paused',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    params: IdParams,
    body: T.Optional(T.Object({}, { additionalProperties: false })),
    response: { 200: RequestView, ...errors },
  },
  async handler({ params }, { deps, actor }) {
    return { status: 200, body: await resumeRequest(deps, params.id, actor) };
  },
});

const DeliveryQuery = T.Object(
  {
    format: T.Optional(
      T.Enum(DELIVERY_FORMATS, { description: 'access: html (default) or json; portability: zip' }),
    ),
    language: LanguageParam,
  },
  { additionalProperties: false },
);

const deliveryResponses = {
  content: {
    200: {
      'text/html': T.String({ description: 'An access report as a page to read or print.' }),
      'application/json': AccessReportView,
      'application/zip': T.String({
        contentMediaType: 'application/zip',
        description: 'A portability export.',
      }),
    },
  },
  headers: {
    200: {
      'Content-Disposition': {
        description: 'attachment; filename="access-report.html" (.json) or "personal-data.zip"',
        schema: T.String(),
        required: true,
      },
    },
  },
};

const fileReply = (f: DeliveredFile): RouteReply => ({
  status: 200,
  body: f.body,
  headers: {
    'content-type': f.contentType,
    'content-disposition': `attachment; filename="${f.filename}"`,
    'cache-control': 'no-store',
    ...(f.language ? contentLanguage(f.language) : {}),
  },
});

export const deliverRightsRequestRoute = route({
  method: 'GET',
  url: '/v1/rights-requests/:id/delivery',
  operationId: 'downloadRightsDelivery',
  summary:
    'The answer to a fulfilled access or portability request as a file staff send (a letter, a desk): made now, recorded by its digest, audited; 410 after the delivery window',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  // Art. 15 and 20: everything held about the person, to the DPO and the admin who send it.
  reveals: DATA_KINDS,
  schema: {
    params: IdParams,
    querystring: DeliveryQuery,
    response: { 200: T.Unknown(), ...errors, 410: ProblemSchema },
  },
  responses: deliveryResponses,
  async handler({ params, query, headers }, { deps, actor }): Promise<RouteReply> {
    const asked = askedLanguages(query.language, headers);
    return fileReply(
      await deliverAnswer(deps, params.id, { format: query.format, via: 'staff', actor, asked }),
    );
  },
});

export const deliverOwnRightsRequestRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/rights-requests/:requestId/delivery',
  operationId: 'downloadOwnRightsDelivery',
  summary:
    'The person downloads the answer to their fulfilled access or portability request (the privacy page): made now, recorded by its digest, audited; 410 after the delivery window',
  tags: ['rights'],
  roles: ['customer'],
  subjectScoped: true,
  // Art. 15 and 20: the person's own data, to the person.
  reveals: DATA_KINDS,
  schema: {
    params: T.Object({ id: Uuid, requestId: Uuid }, { additionalProperties: false }),
    querystring: DeliveryQuery,
    response: { 200: T.Unknown(), ...errors, 410: ProblemSchema },
  },
  responses: deliveryResponses,
  async handler({ params, query, headers }, { deps, actor }): Promise<RouteReply> {
    const asked = askedLanguages(query.language, headers);
    return fileReply(
      await deliverAnswer(deps, params.requestId, {
        format: query.format,
        via: 'privacy-page',
        actor,
        subjectId: params.id,
        asked,
      }),
    );
  },
});

export const accessReportRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/access-report',
  operationId: 'getAccessReport',
  summary:
    'Art. 15: every datum held by category, with purposes, recipients, retention, profiling and rights',
  tags: ['rights'],
  roles: ['customer', 'dpo', 'admin'],
  subjectScoped: true,
  // Art. 15 and 20: everything held about the person, to the person, the DPO and the admin.
  reveals: DATA_KINDS,
  schema: {
    params: IdParams,
    querystring: T.Object(
      {
        format: T.Optional(T.Enum(['json', 'html'])),
        language: LanguageParam,
      },
      { additionalProperties: false },
    ),
    response: { 200: AccessReportView, ...errors },
  },
  responses: {
    content: {
      200: {
        'application/json': AccessReportView,
        'text/html': T.String({ description: 'With `format=html`: the report as a page to read or print.' }),
      },
    },
    headers: {
      200: {
        ...ContentLanguageHeader,
        'Content-Disposition': {
          description:
            'attachment; filename="access-report.html" (or .json): the privacy page links to it as a download',
          schema: T.String(),
          required: true,
        },
      },
    },
  },
  async handler({ params, query, headers }, { deps }): Promise<RouteReply> {
    const report = await accessReportFor(deps, params.id, askedLanguages(query.language, headers));
    const language = contentLanguage(report.language);
    const saved = (ext: string) => ({
      'content-disposition': `attachment; filename="access-report.${ext}"`,
      'cache-control': 'no-store',
      ...language,
    });
    if (query.format === 'html') {
      return {
        status: 200,
        body: renderAccessReport(report, wordsIn(deps.policy, report.language)),
        headers: { 'content-type': 'text/html; charset=utf-8', ...saved('html') },
      };
    }
    return { status: 200, body: report, headers: saved('json') };
  },
});

export const portabilityExportRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/export',
  operationId: 'getPortabilityExport',
  summary:
    'Art. 20: the data you provided or generated, as JSON and CSV in a zip with a manifest and a schema',
  tags: ['rights'],
  roles: ['customer', 'dpo', 'admin'],
  subjectScoped: true,
  // Art. 15 and 20: everything held about the person, to the person, the DPO and the admin.
  reveals: DATA_KINDS,
  schema: {
    params: IdParams,
    querystring: T.Object(
      {
        bom: T.Optional(
          T.Boolean({ description: 'Start each CSV file with a UTF-8 byte-order mark, for spreadsheets.' }),
        ),
      },
      { additionalProperties: false },
    ),
    response: { 200: T.Unknown(), ...errors },
  },
  responses: {
    content: {
      200: {
        'application/zip': T.String({
          contentMediaType: 'application/zip',
          description:
            'A zip: manifest.json, schema.json, and each category as JSON and CSV (see docs/api.md, portability).',
        }),
      },
    },
    headers: {
      200: {
        'Content-Disposition': {
          description: 'attachment; filename="personal-data.zip"',
          schema: T.String(),
          required: true,
        },
      },
    },
  },
  async handler({ params, query }, { deps }) {
    const zip = await portabilityExport(deps, params.id, { bom: query.bom });
    return {
      status: 200,
      body: Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength),
      headers: {
        'content-type': 'application/zip',
        'content-disposition': 'attachment; filename="personal-data.zip"',
        'cache-control': 'no-store',
      },
    };
  },
});

const Hold = T.Object({
  id: T.Integer(),
  category: Nullable(T.String()),
  reason: T.String(),
  until: Nullable(T.String()),
});

export const placeHoldRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/legal-holds',
  operationId: 'placeLegalHold',
  summary: 'Keep a subject’s data (one category or all) past erasure and retention, e.g. during litigation',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    params: IdParams,
    body: T.Object(
      {
        category: T.Optional(PolicyName),
        reason: T.String({ minLength: 3, maxLength: 500 }),
        until: T.Optional(T.String({ format: 'date' })),
      },
      { additionalProperties: false },
    ),
    response: { 201: Hold, ...errors },
  },
  async handler({ params, body }, { deps, actor }) {
    const hold = { category: body.category ?? null, reason: body.reason, until: body.until ?? null };
    return { status: 201, body: await placeHold(deps, params.id, hold, actor) };
  },
});

export const listHoldsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/legal-holds',
  operationId: 'listLegalHolds',
  summary: 'Active legal holds',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    params: IdParams,
    querystring: T.Object(pageParams(1000, 100), { additionalProperties: false }),
    response: { 200: PageOf(Hold), ...errors },
  },
  async handler({ params, query }, { deps }) {
    return { status: 200, body: await listHolds(deps, params.id, query) };
  },
});

export const liftHoldRoute = route({
  method: 'DELETE',
  url: '/v1/subjects/:id/legal-holds/:holdId',
  operationId: 'releaseLegalHold',
  summary: 'Release a legal hold',
  tags: ['rights'],
  roles: ['dpo', 'admin'],
  schema: {
    params: T.Object({ id: Uuid, holdId: RowId }, { additionalProperties: false }),
    response: { 204: T.Null(), ...errors },
  },
  async handler({ params }, { deps, actor }) {
    await liftHold(deps, params.id, params.holdId, actor);
    return { status: 204 };
  },
});

export const RIGHTS_ROUTES = [
  createRightsRequestRoute,
  subjectRightsRequestsRoute,
  listRightsRequestsRoute,
  countRightsRequestsRoute,
  getRightsRequestRoute,
  verifyRightsRequestRoute,
  extendRightsRequestRoute,
  fulfilRightsRequestRoute,
  rejectRightsRequestRoute,
  pauseRightsRequestRoute,
  resumeRightsRequestRoute,
  deliverRightsRequestRoute,
  deliverOwnRightsRequestRoute,
  accessReportRoute,
  portabilityExportRoute,
  placeHoldRoute,
  listHoldsRoute,
  liftHoldRoute,
];
