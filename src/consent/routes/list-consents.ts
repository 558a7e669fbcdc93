import { Type as T } from 'typebox';
import { askedLanguages, LanguageParam } from '../../platform/http/languages.ts';
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
    // The language of `changes` (an outdated consent's words), else Accept-Language.
    querystring: T.Object({ language: LanguageParam }, { additionalProperties: false }),
    response: { 200: ConsentOverviewView, ...protectedErrors, 404: ProblemSchema },
  },
  async handler({ params, query, headers }, { deps }) {
    const items = await consentOverview(deps, params.id, askedLanguages(query.language, headers));
    return { status: 200, body: { items } };
  },
});
