import { askedLanguages } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams } from '../../platform/http/schemas.ts';
import { confirmContractImpact } from '../../rights/contract-impact.ts';
import { changeRestriction } from '../consent.ts';
import { ChangeRestrictionBody } from '../schemas.ts';
import { LIMITS_CHANGE_RESPONSES, limitsAfter } from './limits-answer.ts';
import { whoOf } from './who.ts';

// EN-11: restriction of processing (Art. 18): while active, the data may only be stored.
export const changeRestrictionRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/restrictions',
  operationId: 'changeRestriction',
  summary: 'Impose or lift a restriction of processing, for one purpose or for all',
  tags: ['consent'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    body: ChangeRestrictionBody,
    response: LIMITS_CHANGE_RESPONSES,
  },
  async handler({ params, body, headers }, ctx) {
    // EN-13: a change that would end a customer's contract waits for the person's confirmation.
    if (body.action === 'impose')
      await confirmContractImpact(
        ctx.deps,
        params.id,
        { kind: 'restriction', purpose: body.purpose },
        body.confirmContractImpact,
        askedLanguages(undefined, headers),
      );
    const recordedAt = await changeRestriction(ctx.deps, params.id, body, whoOf(ctx));
    return limitsAfter(ctx.deps, params.id, recordedAt);
  },
});
