import { Type as T } from 'typebox';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { languageForReader, wordsIn } from '../../words/words.ts';

// What the controller offers, by name: a holding names its product by code
// (GET /v1/subjects/{id}/holdings), and the privacy page shows the person the product's name.
// Only ids and names: the rest of a product (its topics, its entity) is the controller's.
const PublishedProducts = T.Object({
  language: T.String({ description: 'The language of the localized texts (one the policy declares)' }),
  items: T.Array(T.Object({ id: T.String(), name: T.String() })),
});

export const publishedProductsRoute = route({
  method: 'GET',
  url: '/v1/policy/products',
  operationId: 'listPublishedProducts',
  feature: 'products',
  summary: 'The names of the products the policy lists, so a holding can be shown by name',
  tags: ['policy'],
  roles: 'public',
  schema: {
    querystring: T.Object({ language: LanguageParam }, { additionalProperties: false }),
    response: { 200: PublishedProducts },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ query, headers }, { deps }) {
    const policy = deps.policy;
    const language = languageForReader(policy, askedLanguages(query.language, headers));
    const words = wordsIn(policy, language);
    const items = (policy.products ?? []).map((p) => ({ id: p.id, name: words.text(p.name) }));
    return {
      status: 200,
      body: { language, items },
      headers: { 'cache-control': 'no-cache', vary: 'Accept-Language', ...contentLanguage(language) },
    };
  },
});
