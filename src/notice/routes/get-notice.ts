// GET /notice: the privacy notice (Art. 13/14) of the policy in force, for anyone, as a page or
// as Markdown, in the language asked (`?lang=`), else the reader's Accept-Language, else the
// policy's first (Art. 12(1)). A language the policy does not declare is passed over, as every
// `language` parameter is; one that is not a language tag is a 400. It is a public page linked
// from e-mails and other sites: parameters it does not know (utm_source, fbclid) are ignored.
import { Type as T } from 'typebox';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LANGUAGE_TAG,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { languageForReader } from '../../words/words.ts';
import { renderNoticeHtml } from '../html.ts';
import { renderNoticeMarkdown } from '../markdown.ts';
import { noticeOf } from '../notice.ts';

const FORMATS = ['html', 'md'] as const;

export const getNoticeRoute = route({
  method: 'GET',
  url: '/notice',
  operationId: 'getPrivacyNotice',
  summary:
    'The privacy notice (GDPR Art. 13 and 14) generated from the policy in force: a page, or Markdown with format=md',
  tags: ['policy'],
  roles: 'public',
  schema: {
    querystring: T.Object(
      {
        lang: T.Optional(
          T.String({
            pattern: LANGUAGE_TAG,
            description:
              'The language to answer in (a language tag, any case: en, EN, fr-BE; its primary language counts), before Accept-Language; one the policy does not declare is passed over. Content-Language says which it is.',
          }),
        ),
        format: T.Optional(
          T.Enum(FORMATS, { description: 'html (the default): a printable page; md: Markdown.' }),
        ),
      },
      // Links carry tracking parameters the notice has no use for: they are ignored, not refused.
      { additionalProperties: true },
    ),
    // The document itself: the serializer has nothing to shape, the OpenAPI entry says what it is.
    response: {},
  },
  responses: {
    content: { 200: { 'text/html': { type: 'string' }, 'text/markdown': { type: 'string' } } },
    headers: { 200: ContentLanguageHeader },
  },
  async handler({ query, headers }, { deps }) {
    const policy = deps.policy;
    const language = languageForReader(policy, askedLanguages(query.lang, headers));
    const notice = noticeOf(policy, language);
    const md = query.format === 'md';
    const body = md
      ? renderNoticeMarkdown(notice, (l) => `/notice?lang=${l}&format=md`)
      : renderNoticeHtml(notice, { languageHref: (l) => `/notice?lang=${l}` });
    return {
      status: 200,
      body,
      headers: {
        'content-type': md ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        vary: 'Accept-Language',
        ...contentLanguage(language),
      },
    };
  },
});
