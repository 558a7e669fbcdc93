import { askedLanguages } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { confirmContractImpact } from '../../rights/contract-impact.ts';
import { changeObjection, subjectState } from '../consent.ts';
import { ChangeObjectionBody, LimitsView } from '../schemas.ts';
import { whoOf } from './who.ts';

// EN-11: the right to object (Art. 21); every gate honours it through decide().
export const changeObjectionRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/objections',
  operationId: 'changeObjection',
  summary: 'Raise or lift an objection to direct marketing, profiling or legitimate interest',
  tags: ['consent'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    body: ChangeObjectionBody,
    response: {
      200: LimitsView,
      ...protectedErrors,
      404: ProblemSchema,
      409: ProblemSchema,
      422: ProblemSchema,
    },
  },
  async handler({ params, body, headers }, ctx) {
    // EN-13: a change that would end a customer's contract waits for the person's confirmation.
    if (body.action === 'raise')
      await confirmContractImpact(
        ctx.deps,
        params.id,
        { kind: 'objection', objection: body.kind, purpose: body.purpose },
        body.confirmContractImpact,
        askedLanguages(undefined, headers),
      );
    const recordedAt = await changeObjection(ctx.deps, params.id, body, whoOf(ctx));
    const s = await subjectState(ctx.deps, params.id);
    return {
      status: 200,
      body: {
        changed: recordedAt !== null,
        recordedAt: recordedAt?.toISOString() ?? null,
        objections: s.objections,
        restrictions: s.restrictionsDetail,
      },
    };
  },
});
