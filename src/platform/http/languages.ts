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

/** The `language` query parameter of routes whose answers a person reads. */
export const LanguageParam = T.Optional(
  T.String({
    pattern: '^[a-z]{2}$',
    description:
      'The language to answer in (ISO 639-1), before any other; one the policy does not declare is passed over. Content-Language says which it is.',
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
