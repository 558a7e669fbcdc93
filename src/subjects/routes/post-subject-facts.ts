import { GardeError } from '../../platform/errors.ts';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { type FactItem, recordFacts } from '../facts.ts';
import { FactsBatchBody, FactsBatchView } from '../schemas.ts';
import { factsView } from './facts-view.ts';

export const postSubjectFactsRoute = route({
  method: 'POST',
  url: '/v1/subject-facts',
  operationId: 'postSubjectFacts',
  summary:
    "Set many persons' lifecycle facts at once (up to 1,000, by subject id or customer number); all or nothing, idempotent, audited per person",
  tags: ['subjects'],
  roles: ['admin', 'dpo'],
  scope: 'facts',
  idempotent: true,
  schema: {
    body: FactsBatchBody,
    response: { 200: FactsBatchView, ...protectedErrors, 422: ProblemSchema },
  },
  async handler({ body }, { deps, actor }) {
    const items: FactItem[] = body.items.map(({ subject, externalRef, ...facts }, i) => {
      if ((subject === undefined) === (externalRef === undefined))
        throw new GardeError(
          'FACTS_INVALID',
          `/items/${i}: name the person by subject or by externalRef, not both`,
          {
            errors: [
              {
                in: 'body',
                path: `/items/${i}`,
                message: 'name the person by subject or by externalRef, not both',
              },
            ],
          },
        );
      const person = subject
        ? { by: 'subject-id' as const, key: subject }
        : { by: 'external-ref' as const, key: externalRef as string };
      return { person, facts };
    });
    const outcomes = await recordFacts(deps, items, actor, { allOrNothing: true });
    const views = outcomes.map(factsView);
    const changed = views.filter((v) => v.changed.length > 0).length;
    return { status: 200, body: { changed, unchanged: views.length - changed, items: views } };
  },
});
