import { Type as T } from 'typebox';
import { OBJECTION_KINDS } from '../../consent/model.ts';
import { consentChannelsOf } from '../../decide/compile.ts';
import { objectionKinds } from '../../decide/decide.ts';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import type { MessageId } from '../../words/messages.ts';
import { languageForReader, wordsIn } from '../../words/words.ts';

// What the notice publishes about each purpose (GDPR Art. 13(1)(c)): what it is for, its legal
// basis, whether it needs consent and, per channel, on which channels. Anyone may read it, so the
// privacy page draws the person's switches from it. Nothing else of the policy, nothing of a person.
const PublishedPurposes = T.Object({
  language: T.String({ description: 'The language of the localized texts (one the policy declares)' }),
  items: T.Array(
    T.Object({
      id: T.String(),
      description: T.String({ description: 'What the purpose is for, in plain words' }),
      legalBasis: T.String({ description: 'The legal basis code, e.g. consent, contract' }),
      legalBasisText: T.String({ description: 'The legal basis in words' }),
      needsConsent: T.Boolean(),
      perChannel: T.Boolean({ description: 'Consent is given or withdrawn per channel' }),
      channels: T.Array(T.Object({ id: T.String(), name: T.String() }), {
        description: 'The channels that carry its consent, when per channel; else empty',
      }),
      objections: T.Array(T.Enum([...OBJECTION_KINDS]), {
        description:
          'The objections that stop it (Art. 21): direct-marketing, profiling, legitimate-interest; empty when none does',
      }),
    }),
  ),
});

export const publishedPurposesRoute = route({
  method: 'GET',
  url: '/v1/policy/purposes',
  operationId: 'listPublishedPurposes',
  summary: 'Each purpose as the notice publishes it: what for, legal basis, consent, per-channel consent',
  tags: ['policy'],
  roles: 'public',
  schema: {
    querystring: T.Object({ language: LanguageParam }, { additionalProperties: false }),
    response: { 200: PublishedPurposes },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ query, headers }, { deps }) {
    const policy = deps.policy;
    const language = languageForReader(policy, askedLanguages(query.language, headers));
    const words = wordsIn(policy, language);
    const channels = new Map((policy.communications?.channels ?? []).map((c) => [c.id, c]));
    const items = policy.purposes.map((p) => {
      const perChannel = p.legalBasis === 'consent' && Boolean(p.consent?.perChannel);
      return {
        id: p.id,
        description: words.text(p.description),
        legalBasis: p.legalBasis,
        legalBasisText: words.say(`legalBasis.${p.legalBasis}` as MessageId),
        needsConsent: p.legalBasis === 'consent',
        perChannel,
        channels: perChannel
          ? (consentChannelsOf(policy, p.id) ?? []).map((id) => {
              const c = channels.get(id);
              return { id, name: c ? words.text(c.description) : id };
            })
          : [],
        objections: [...objectionKinds(p)],
      };
    });
    return {
      status: 200,
      body: { language, items },
      headers: { 'cache-control': 'no-cache', vary: 'Accept-Language', ...contentLanguage(language) },
    };
  },
});
