import { askedLanguages } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { consentOverview } from '../consent.ts';
import { ConsentOverviewView } from '../schemas.ts';

export const listConsentsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/consents',
  operationId: 'listConsents',
  summary: 'The current answer for every consent-based purpose (not-asked when none was recorded)',
  tags: ['consent'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    response: { 200: ConsentOverviewView, ...protectedErrors, 404: ProblemSchema },
  },
  async handler({ params, headers }, { deps }) {
    const items = await consentOverview(deps, params.id, askedLanguages(undefined, headers));
    return { status: 200, body: { items } };
  },
});
