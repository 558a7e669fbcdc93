// A request's steps in the controller's other systems over HTTP (issue 16): the steps not done
// across requests (which system is pending), a manual task marked done by the role it names, and
// the keys that person needs to find the data subject there.
import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import {
  Nullable,
  PageOf,
  PolicyName,
  ProblemSchema,
  pageParams,
  protectedErrors,
  Uuid,
} from '../../platform/http/schemas.ts';
import { STEP_STATUSES } from '../steps.ts';
import { completeTask, listOpenSteps, taskPerson } from '../tasks.ts';
import { datasetCallbackRoute } from './dataset-callbacks.ts';

const When = T.String({ format: 'date-time' });
const Json = T.Object({}, { additionalProperties: true });

/** One system's part of a request; never the person's keys. */
const stepProperties = {
  dataset: T.String({ description: "The dataset: `garde` (Garde's own tables) or one the policy declares." }),
  status: T.String({
    description: `${STEP_STATUSES.join(', ')}: pending (to run), failed (error says why; fulfil again to retry), waiting (a system completes it later, or a person's task), done`,
  }),
  assignee: Nullable(T.String({ description: "A manual dataset's task: the role it is for." })),
  dueAt: Nullable(When),
  attempts: T.Integer({ minimum: 0 }),
  error: Nullable(T.String()),
  actions: T.Array(Json, {
    description: 'What Garde does there, table by table (delete, mask, keep, update, restrict).',
  }),
  task: Nullable(T.Array(Json, { description: 'A manual task: what to do there, table by table.' })),
  result: Nullable(Json),
  updatedAt: When,
  doneAt: Nullable(When),
  doneBy: Nullable(T.String()),
};
export const StepView = T.Object(stepProperties);

const StepParams = T.Object({ id: Uuid, dataset: PolicyName }, { additionalProperties: false });
const errors = { ...protectedErrors, 404: ProblemSchema, 409: ProblemSchema };

export const listRightsStepsRoute = route({
  method: 'GET',
  url: '/v1/rights-steps',
  operationId: 'listRightsSteps',
  summary:
    "The steps of open requests not done yet, by the request's due date (status=failed: the systems that failed): which system is pending, a page at a time. An agent sees only the tasks that are the agent's.",
  tags: ['rights'],
  roles: ['dpo', 'admin', 'agent'],
  schema: {
    querystring: T.Object(
      {
        status: T.Optional(T.Enum(['pending', 'failed', 'waiting'])),
        dataset: T.Optional(PolicyName),
        ...pageParams(200, 50),
      },
      { additionalProperties: false },
    ),
    response: {
      200: PageOf(T.Object({ ...stepProperties, requestId: Uuid, kind: T.String(), requestDueAt: When })),
      ...errors,
    },
  },
  async handler({ query }, { deps, principal }) {
    const page = await listOpenSteps(deps, {
      role: principal.role,
      ...(query.status ? { status: query.status } : {}),
      ...(query.dataset ? { dataset: query.dataset } : {}),
      limit: query.limit,
      after: query.after,
    });
    return { status: 200, body: page };
  },
});

export const completeRightsStepRoute = route({
  method: 'POST',
  url: '/v1/rights-requests/:id/steps/:dataset/completion',
  operationId: 'completeRightsStep',
  summary:
    "Mark a manual dataset's task done (the person did it there), by the role it names or the DPO; or, as the DPO and with a note, a system's step that keeps failing and was done there another way. Completes the request when it was the last step",
  tags: ['rights'],
  roles: ['dpo', 'admin', 'agent'],
  idempotent: true,
  schema: {
    params: StepParams,
    body: T.Object(
      {
        note: T.Optional(
          T.String({ minLength: 1, maxLength: 500, description: 'What was done; no personal data.' }),
        ),
      },
      { additionalProperties: false },
    ),
    response: { 200: T.Object({ step: StepView, requestCompleted: T.Boolean() }), ...errors },
  },
  async handler({ params, body }, { deps, actor, principal }) {
    const { step, completed } = await completeTask(
      deps,
      params.id,
      params.dataset,
      { actor, role: principal.role },
      body.note,
    );
    return { status: 200, body: { step, requestCompleted: completed } };
  },
});

export const rightsStepPersonRoute = route({
  method: 'GET',
  url: '/v1/rights-requests/:id/steps/:dataset/person',
  operationId: 'getRightsStepPerson',
  summary:
    'The keys to find the person in a manual dataset (customer number, e-mail, subject id), for the role the task names or the DPO, while the task is open; audited',
  tags: ['rights'],
  roles: ['dpo', 'admin', 'agent'],
  reveals: ['identity'],
  schema: {
    params: StepParams,
    response: {
      200: T.Object({
        keys: T.Object({
          'subject-id': T.String(),
          'external-ref': Nullable(T.String()),
          email: Nullable(T.String()),
        }),
        corrected: T.Optional(T.Record(T.String(), Nullable(T.String()))),
      }),
      ...errors,
    },
  },
  async handler({ params }, { deps, actor, principal }) {
    const sealed = await taskPerson(deps, params.id, params.dataset, { actor, role: principal.role });
    return { status: 200, body: sealed, headers: { 'cache-control': 'no-store' } };
  },
});

export const RIGHTS_STEP_ROUTES = [
  listRightsStepsRoute,
  completeRightsStepRoute,
  rightsStepPersonRoute,
  datasetCallbackRoute,
];
