import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { PageOf, ProblemSchema, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import { outdatedConsents } from '../outdated.ts';

const OutdatedConsentView = T.Object(
  {
    subjectId: T.String({ format: 'uuid', description: 'The person, by pseudonymous subject id only.' }),
    purpose: T.String(),
    recordedAt: T.String({
      format: 'date-time',
      description: 'When the consent that no longer counts was given (under an earlier policy).',
    }),
  },
  { additionalProperties: false },
);

// Issue 17: the list a re-consent campaign is sent to. Those who run campaigns and the DPO read
// it, as they read audiences; ids only, no name or address (they come with the campaign's batch).
export const listOutdatedConsentsRoute = route({
  method: 'GET',
  url: '/v1/consents/outdated',
  operationId: 'listOutdatedConsents',
  summary:
    'The people whose consent for a purpose was given under an earlier policy that has since widened it: it no longer counts (consent.outdated) until they give it again',
  tags: ['consent'],
  roles: ['marketer', 'dpo', 'admin'],
  schema: {
    querystring: T.Object(
      {
        purpose: T.String({
          minLength: 1,
          maxLength: 200,
          description: 'A purpose of the policy resting on consent.',
        }),
        ...pageParams(1000, 100),
      },
      { additionalProperties: false },
    ),
    response: { 200: PageOf(OutdatedConsentView), ...protectedErrors, 400: ProblemSchema },
  },
  async handler({ query }, { deps }) {
    const { purpose, ...req } = query;
    const page = await outdatedConsents(deps, purpose, req);
    const items = page.items.map((x) => ({ ...x, recordedAt: x.recordedAt.toISOString() }));
    return { status: 200, body: { items, next: page.next } };
  },
});
