// The languages a request asks for: the `language` parameter, and Accept-Language in the client's
// order of preference (RFC 9110 §12.5.4; "*" asks for none in particular). The policy decides
// which of them it speaks, and where the person's own language comes (src/words/words.ts).
import Negotiator from 'negotiator';
import { Type as T } from 'typebox';
import type { Asked } from '../../words/words.ts';

export function askedLanguages(
  language: string | undefined,
  headers: Record<string, string | string[] | undefined>,
): Asked {
  const header = headers['accept-language'];
  const accepted = header
    ? new Negotiator({ headers: { 'accept-language': String(header) } }).languages().filter((l) => l !== '*')
    : [];
  return { language, accepted };
}

/** The header that says which language an answer is in. */
export const contentLanguage = (language: string) => ({ 'content-language': language });

/**
 * A language tag as people and links write it (RFC 5646, BCP 47): any case, with subtags
 * (`en`, `EN`, `fr-BE`, `pt_BR`). Only its primary language counts (`fr-BE` asks for `fr`,
 * src/words/words.ts); text that is no tag at all (`english`) is refused.
 */
export const LANGUAGE_TAG = '^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,4}$';

/** The `language` query parameter of routes whose answers a person reads. */
export const LanguageParam = T.Optional(
  T.String({
    pattern: LANGUAGE_TAG,
    description:
      'The language to answer in (a language tag, any case: en, EN, fr-BE; its primary language counts), before any other; one the policy does not declare is passed over. Content-Language says which it is.',
  }),
);

/** OpenAPI: the Content-Language header of such answers. */
export const ContentLanguageHeader = {
  'Content-Language': {
    description: 'The language the answer’s words are in: one the policy declares.',
    schema: T.String({ pattern: '^[a-z]{2}$' }),
    required: true,
  },
};
