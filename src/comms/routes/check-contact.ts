import { askedLanguages, ContentLanguageHeader, contentLanguage } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { readerWords } from '../../words/words.ts';
import { checkContact } from '../comms.ts';
import { ContactCheckQuery, ContactCheckView } from '../schemas.ts';

// BK-12: before a one-to-one contact, the agent sees whether a proposal is allowed today.
export const checkContactRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/contact-check',
  operationId: 'checkContact',
  feature: 'communications',
  summary:
    'May this person be contacted with a proposal today, on this channel? With the reasons and the cap',
  tags: ['communications'],
  roles: ['agent', 'marketer', 'admin'],
  schema: {
    params: IdParams,
    querystring: ContactCheckQuery,
    response: { 200: ContactCheckView, ...protectedErrors, 404: ProblemSchema },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ params, query, headers }, { deps }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    return {
      status: 200,
      body: await checkContact(deps, { ...query, subjectId: params.id }, words),
      headers: contentLanguage(words.language),
    };
  },
});
