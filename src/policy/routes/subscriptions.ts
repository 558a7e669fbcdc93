import { Type as T } from 'typebox';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { languageForReader, wordsIn } from '../../words/words.ts';

// BK-8: the newsletters, alerts and magazines the policy offers, as anyone may read them, so the
// privacy page draws the person's subscribe buttons from the policy (the person's own state is
// GET /v1/subjects/{id}/subscriptions). Nothing else of the policy, nothing of a person.
const PublishedSubscriptions = T.Object({
  language: T.String({ description: 'The language of the localized texts (one the policy declares)' }),
  items: T.Array(
    T.Object({
      id: T.String({ description: 'The topic a change names (POST /v1/subjects/{id}/subscriptions)' }),
      kind: T.Enum(['newsletter', 'alert', 'magazine'] as const),
      description: T.String({ description: 'What it is, in plain words' }),
    }),
  ),
});

export const publishedSubscriptionsRoute = route({
  method: 'GET',
  url: '/v1/policy/subscriptions',
  operationId: 'listPublishedSubscriptions',
  feature: 'subscriptions',
  summary: 'The newsletters, alerts and magazines the policy offers (never marketing consent)',
  tags: ['policy'],
  roles: 'public',
  schema: {
    querystring: T.Object({ language: LanguageParam }, { additionalProperties: false }),
    response: { 200: PublishedSubscriptions },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ query, headers }, { deps }) {
    const policy = deps.policy;
    const language = languageForReader(policy, askedLanguages(query.language, headers));
    const words = wordsIn(policy, language);
    const items = (policy.subscriptions ?? []).map((s) => ({
      id: s.id,
      kind: s.kind,
      description: words.text(s.description),
    }));
    return {
      status: 200,
      body: { language, items },
      headers: { 'cache-control': 'no-cache', vary: 'Accept-Language', ...contentLanguage(language) },
    };
  },
});
