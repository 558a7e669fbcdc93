import { askedLanguages } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams } from '../../platform/http/schemas.ts';
import { confirmContractImpact } from '../../rights/contract-impact.ts';
import { changeObjection } from '../consent.ts';
import { ChangeObjectionBody } from '../schemas.ts';
import { LIMITS_CHANGE_RESPONSES, limitsAfter } from './limits-answer.ts';
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
    response: LIMITS_CHANGE_RESPONSES,
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
    return limitsAfter(ctx.deps, params.id, recordedAt);
  },
});
