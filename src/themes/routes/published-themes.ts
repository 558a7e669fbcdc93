import { Type as T } from 'typebox';
import { claimantOf } from '../../datasets/storage.ts';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { languageForReader, wordsIn } from '../../words/words.ts';

// BK-6: the themes a customer may link what they hold to, as anyone may read them, and what the
// policy uses such links for: the purposes that name the category the policy files theme links
// under (its storage says which: `theme_links`). The person's own links are
// GET /v1/subjects/{id}/themes. Nothing else of the policy, nothing of a person.
const PublishedThemes = T.Object({
  language: T.String({ description: 'The language of the localized texts (one the policy declares)' }),
  items: T.Array(T.Object({ id: T.String(), name: T.String() })),
  usedFor: T.Array(
    T.Object({
      purpose: T.String(),
      description: T.String({ description: 'What the purpose is for, in plain words' }),
      needsConsent: T.Boolean(),
    }),
    {
      description:
        'The purposes that use theme links (those naming the category that stores them); empty when the policy files them under none',
    },
  ),
});

export const publishedThemesRoute = route({
  method: 'GET',
  url: '/v1/policy/themes',
  operationId: 'listPublishedThemes',
  feature: 'themes',
  summary: 'The themes a customer may link products to, and what the policy uses those links for',
  tags: ['policy'],
  roles: 'public',
  schema: {
    querystring: T.Object({ language: LanguageParam }, { additionalProperties: false }),
    response: { 200: PublishedThemes },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ query, headers }, { deps }) {
    const policy = deps.policy;
    const language = languageForReader(policy, askedLanguages(query.language, headers));
    const words = wordsIn(policy, language);
    const category = claimantOf(policy, 'theme_links');
    const usedFor = category
      ? policy.purposes
          .filter((p) => p.categories.includes(category))
          .map((p) => ({
            purpose: p.id,
            description: words.text(p.description),
            needsConsent: p.legalBasis === 'consent',
          }))
      : [];
    return {
      status: 200,
      body: {
        language,
        items: (policy.themes ?? []).map((t) => ({ id: t.id, name: words.text(t.name) })),
        usedFor,
      },
      headers: { 'cache-control': 'no-cache', vary: 'Accept-Language', ...contentLanguage(language) },
    };
  },
});
