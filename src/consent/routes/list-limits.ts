import { Type as T } from 'typebox';
import { messagesStanding } from '../../comms/comms.ts';
import { MessagesStandingView } from '../../comms/schemas.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, Nullable, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { subjectState } from '../consent.ts';
import { LimitsView } from '../schemas.ts';

const SubjectLimits = T.Object({
  ...LimitsView.properties,
  // BK-7: the monthly limit is a limit on the person's messages too: how much of it is used.
  messages: Nullable(MessagesStandingView),
});

export const listLimitsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/limits',
  operationId: 'listLimits',
  summary:
    "The subject's active objections and restrictions, and how much of the cap on commercial messages their messages used (null without communications)",
  tags: ['consent'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: { params: IdParams, response: { 200: SubjectLimits, ...protectedErrors, 404: ProblemSchema } },
  async handler({ params }, { deps }) {
    const s = await subjectState(deps, params.id);
    const messages = await messagesStanding(deps, params.id);
    return {
      status: 200,
      body: { objections: s.objections, restrictions: s.restrictionsDetail, messages },
    };
  },
});
