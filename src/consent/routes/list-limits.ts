import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { subjectState } from '../consent.ts';
import { LimitsView } from '../schemas.ts';

export const listLimitsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/limits',
  operationId: 'listLimits',
  summary: "The subject's active objections and restrictions",
  tags: ['consent'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: { params: IdParams, response: { 200: LimitsView, ...protectedErrors, 404: ProblemSchema } },
  async handler({ params }, { deps }) {
    const s = await subjectState(deps, params.id);
    return { status: 200, body: { objections: s.objections, restrictions: s.restrictionsDetail } };
  },
});
