import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { recordFacts } from '../facts.ts';
import { FactsBody, FactsView } from '../schemas.ts';
import { factsView, oneSubjectError } from './facts-view.ts';

export const putFactsRoute = route({
  method: 'PUT',
  url: '/v1/subjects/:id/facts',
  operationId: 'putSubjectFacts',
  summary:
    "Set a person's lifecycle facts from the controller's systems (contract start and end, last contact, products held); idempotent, audited",
  tags: ['subjects'],
  roles: ['admin', 'dpo'],
  scope: 'facts',
  idempotent: true,
  schema: {
    params: IdParams,
    body: FactsBody,
    response: { 200: FactsView, ...protectedErrors, 404: ProblemSchema, 422: ProblemSchema },
  },
  async handler({ params, body }, { deps, actor }) {
    const [outcome] = await recordFacts(
      deps,
      [{ person: { by: 'subject-id', key: params.id }, facts: body }],
      actor,
      { allOrNothing: true },
    ).catch(oneSubjectError);
    return { status: 200, body: factsView(outcome) };
  },
});
