// The DPO's retention tools (EN-10, BK-3; issue 15): what a run would remove now, per rule and
// category, then a run with its progress. Counts only: never a datum of anyone.
import { Type as T } from 'typebox';
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
import {
  getRetentionRun,
  listRetentionRuns,
  type RetentionRun,
  retentionForecast,
  startRetentionRun,
} from '../runs.ts';

const Purposes = T.Optional(
  T.Array(T.String(), {
    description: 'The purposes the rule keeps the data for; absent: the whole category.',
  }),
);

const StepView = T.Object({
  rule: T.String(),
  category: T.String(),
  purposes: Purposes,
  store: T.String({ description: "Garde's table, or dataset:table in a controller's system." }),
  action: T.Enum(['delete', 'anonymise', 'drop-partitions', 'mask', 'skip'] as const),
  rows: T.Integer({
    description:
      'Rows removed or anonymised (people, for the subjects step); in a dataset, deleted plus masked.',
  }),
  masked: T.Optional(
    T.Integer({ description: "Of rows, those whose columns of the rule's category were set to null." }),
  ),
  failed: T.Optional(
    T.String({ description: 'Why the step could not be done (its system unreachable); the run went on.' }),
  ),
  partitionsDropped: T.Optional(T.Integer()),
  approximate: T.Optional(T.Literal(true)),
  ms: T.Number(),
  skipped: T.Optional(T.String({ description: 'Why the rule does nothing here (reported, never silent).' })),
});

const Report = {
  at: T.String({ format: 'date-time' }),
  dryRun: T.Boolean(),
  steps: T.Array(StepView),
  totalRows: T.Integer(),
  failed: T.Integer({ description: 'Steps that failed: their systems could not be reached.' }),
  unruled: T.Array(
    T.Object(
      { category: T.String(), stores: T.Array(T.String()) },
      { description: 'Kept until erased: no rule covers it.' },
    ),
  ),
  outbound: T.Optional(
    T.Object({ files: T.Integer(), bytes: T.Integer(), days: T.Integer(), departed: T.Integer() }),
  ),
  ms: T.Number(),
};
const ReportView = T.Object(Report);

const DryRunView = T.Object({
  ...Report,
  byRule: T.Array(
    T.Object({
      rule: T.String(),
      category: T.String(),
      purposes: Purposes,
      rows: T.Integer({ description: 'What the run would remove under this rule, all tables together.' }),
      holds: T.Integer({
        description:
          'Legal holds in force on this category (or on every category): their people’s rows stay.',
      }),
    }),
    { description: 'The steps summed per rule and category, in the policy’s order: what a chart shows.' },
  ),
  holds: T.Array(T.Object({ category: Nullable(T.String()), holds: T.Integer() }), {
    description: 'Legal holds in force per category (null: every category).',
  }),
});

const RunView = T.Object({
  id: T.String({ format: 'uuid' }),
  status: T.Enum(['running', 'done', 'failed', 'abandoned'] as const, {
    description:
      'failed or abandoned (the process stopped): the steps done stay done, and a new run resumes the work.',
  }),
  processed: T.Integer({ description: 'Steps done (one per rule and table).' }),
  total: T.Integer({ description: 'Steps in the run; 0 until it has planned them.' }),
  startedBy: T.String(),
  startedAt: T.String({ format: 'date-time' }),
  finishedAt: Nullable(T.String({ format: 'date-time' })),
  report: Nullable(ReportView),
});

const viewOf = (r: RetentionRun) => ({
  ...r,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

export const retentionDryRunRoute = route({
  method: 'GET',
  url: '/v1/retention/dry-run',
  operationId: 'forecastRetention',
  summary:
    'What a retention run would remove now, per rule, category and table, and the legal holds that keep rows; changes nothing',
  tags: ['retention'],
  roles: ['dpo', 'admin'],
  schema: { response: { 200: DryRunView, ...protectedErrors } },
  async handler(_input, { deps }) {
    return { status: 200, body: await retentionForecast(deps) };
  },
});

export const startRetentionRunRoute = route({
  method: 'POST',
  url: '/v1/retention/runs',
  operationId: 'startRetentionRun',
  summary:
    'Start a retention run in the background (one at a time); follow its progress at Location; audited (retention.start, retention.run)',
  tags: ['retention'],
  roles: ['dpo', 'admin'],
  schema: { response: { 202: RunView, 409: ProblemSchema, ...protectedErrors } },
  responses: { headers: { 202: ResponseHeaders.location } },
  async handler(_input, { deps, actor }) {
    const run = await startRetentionRun(deps, actor);
    return { status: 202, body: viewOf(run), headers: { location: `/v1/retention/runs/${run.id}` } };
  },
});

export const getRetentionRunRoute = route({
  method: 'GET',
  url: '/v1/retention/runs/:id',
  operationId: 'getRetentionRun',
  summary: 'A retention run: its status, progress in steps and, once done, what it removed',
  tags: ['retention'],
  roles: ['dpo', 'admin'],
  schema: { params: IdParams, response: { 200: RunView, 404: ProblemSchema, ...protectedErrors } },
  async handler({ params }, { deps }) {
    return { status: 200, body: viewOf(await getRetentionRun(deps.db, params.id)) };
  },
});

export const listRetentionRunsRoute = route({
  method: 'GET',
  url: '/v1/retention/runs',
  operationId: 'listRetentionRuns',
  summary: 'Retention runs started through the API, newest first',
  tags: ['retention'],
  roles: ['dpo', 'admin'],
  schema: {
    querystring: T.Object(pageParams(500, 20), { additionalProperties: false }),
    response: { 200: PageOf(RunView), ...protectedErrors },
  },
  async handler({ query }, { deps }) {
    const page = await listRetentionRuns(deps, query);
    return { status: 200, body: { ...page, items: page.items.map(viewOf) } };
  },
});

export const RETENTION_RUN_ROUTES = [
  retentionDryRunRoute,
  startRetentionRunRoute,
  listRetentionRunsRoute,
  getRetentionRunRoute,
];
