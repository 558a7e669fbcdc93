import { Type as T } from 'typebox';
import { actorSeenBy } from '../../keys/need-to-know.ts';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, PageOf, ProblemSchema, pageParams, protectedErrors } from '../../platform/http/schemas.ts';
import type { Policy } from '../../policy/schema.ts';
import { languageForReader, type Words, wordsIn } from '../../words/words.ts';
import { listCommunications } from '../comms.ts';
import { CommunicationView } from '../schemas.ts';

// What a message was, in the reader's words: the policy's own descriptions (the person reads
// "Commercial proposal, by postal mail", never ids).
const Said = T.Object({
  purposeText: T.String({ description: 'The purpose, as the notice describes it' }),
  channelText: T.String({ description: 'The channel, as the notice names it' }),
  messageClassText: T.String({ description: 'The message class, as the notice describes it' }),
});
const SaidCommunication = T.Object({ ...CommunicationView.properties, ...Said.properties });

function sayWhat(policy: Policy, words: Words) {
  const purposes = new Map(policy.purposes.map((p) => [p.id, p.description]));
  const channels = new Map((policy.communications?.channels ?? []).map((c) => [c.id, c.description]));
  const classes = new Map((policy.communications?.messageClasses ?? []).map((c) => [c.id, c.description]));
  const text = (m: Map<string, Parameters<Words['text']>[0]>, id: string) => {
    const v = m.get(id);
    return v ? words.text(v) : id;
  };
  return (m: { purpose: string; channel: string; messageClass: string }) => ({
    purposeText: text(purposes, m.purpose),
    channelText: text(channels, m.channel),
    messageClassText: text(classes, m.messageClass),
  });
}

export const listCommunicationsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/communications',
  operationId: 'listCommunications',
  feature: 'communications',
  summary: 'What was sent to the subject, newest first',
  tags: ['communications'],
  roles: ['customer', 'agent', 'marketer', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    querystring: T.Object(
      { ...pageParams(500, 50), language: LanguageParam },
      { additionalProperties: false },
    ),
    response: {
      200: PageOf(SaidCommunication),
      ...protectedErrors,
      404: ProblemSchema,
    },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ params, query, headers }, { deps, principal, actor }) {
    const { language: asked, ...req } = query;
    const page = await listCommunications(deps, params.id, req);
    const language = languageForReader(deps.policy, askedLanguages(asked, headers));
    const said = sayWhat(deps.policy, wordsIn(deps.policy, language));
    // Messages are sent for the company: the person sees "controller", never a marketer's key.
    const reader = { role: principal.role, actor };
    const items = page.items.map((m) => ({ ...m, ...said(m), actor: actorSeenBy(reader, m.actor) }));
    return { status: 200, body: { ...page, items }, headers: contentLanguage(language) };
  },
});
