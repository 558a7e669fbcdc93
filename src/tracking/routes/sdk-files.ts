import { readFileSync } from 'node:fs';
import { askedLanguages, ContentLanguageHeader, contentLanguage } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { readerWords } from '../../words/words.ts';
import { trackerDemoPage } from '../demo-page.ts';

const file = (name: string) => readFileSync(new URL(`../../../sdk/${name}`, import.meta.url), 'utf8');
const TRACKER = file('garde-tracker.js');
const DEMO_JS = file('demo.js');

const asset = (
  url: string,
  operationId: string,
  body: string,
  type: string,
  summary: string,
  crossOrigin = false,
) =>
  route({
    method: 'GET',
    url,
    operationId,
    summary,
    tags: ['tracking'],
    roles: 'public',
    crossOrigin,
    // The file itself: the serializer has nothing to shape, the document says what it is.
    schema: { response: {} },
    responses: { content: { 200: { [type.split(';')[0] as string]: { type: 'string' } } } },
    async handler() {
      const headers: Record<string, string> = {
        'content-type': type,
        'cache-control': 'public, max-age=300',
      };
      // The controller's pages load the SDK from Garde's origin (a module script: fetched with CORS, so
      // it also needs the allowed origin's Access-Control-Allow-Origin).
      if (crossOrigin) headers['cross-origin-resource-policy'] = 'cross-origin';
      return { status: 200, body, headers };
    },
  });

export const trackerScriptRoute = asset(
  '/sdk/garde-tracker.js',
  'getTrackerScript',
  TRACKER,
  'text/javascript; charset=utf-8',
  'The browser tracker SDK (ES module)',
  true,
);
export const demoScriptRoute = asset(
  '/sdk/demo.js',
  'getTrackerDemoScript',
  DEMO_JS,
  'text/javascript; charset=utf-8',
  'The tracker demo page script',
);
/** The demo page, written from the policy in force: its event kinds, its language. */
export const demoPageRoute = route({
  method: 'GET',
  url: '/demo/tracker',
  operationId: 'getTrackerDemoPage',
  summary: "A demo page that uses the tracker, with the policy's event kinds",
  tags: ['tracking'],
  roles: 'public',
  schema: { response: {} },
  responses: {
    content: { 200: { 'text/html': { type: 'string' } } },
    headers: { 200: ContentLanguageHeader },
  },
  async handler({ headers }, { deps }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    return {
      status: 200,
      body: trackerDemoPage(deps.policy, words),
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        vary: 'Accept-Language',
        ...contentLanguage(words.language),
      },
    };
  },
});
