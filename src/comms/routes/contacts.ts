import { Type as T } from 'typebox';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams, PolicyName, protectedErrors } from '../../platform/http/schemas.ts';
import { languageForReader, readerWords, wordsIn } from '../../words/words.ts';
import { logContact } from '../comms.ts';
import { CONTACT_OUTCOMES, contactChannels } from '../contacts.ts';
import { CapOverride, SentResponses } from '../schemas.ts';

const Named = T.Object({ id: T.String(), name: T.String() });

const ContactOptions = T.Object({
  language: T.String({ description: 'The language of the names (one the policy declares)' }),
  channels: T.Array(Named, { description: 'The channels an agent speaks on: in person or by phone' }),
  purposes: T.Array(Named, { description: 'The purposes a message of one of the classes may serve' }),
  messageClasses: T.Array(
    T.Object({
      id: T.String(),
      name: T.String(),
      commercial: T.Boolean(),
      countsTowardCap: T.Boolean({ description: 'A logged contact of this class takes a cap slot' }),
      purposes: T.Array(T.String()),
    }),
  ),
  senders: T.Array(Named, { description: 'The entities that may make a proposal, by their names' }),
  outcomes: T.Array(T.Enum([...CONTACT_OUTCOMES])),
});

// Issue 15: what the agent's contact form offers, from the policy in force.
export const contactOptionsRoute = route({
  method: 'GET',
  url: '/v1/contact-options',
  operationId: 'listContactOptions',
  feature: 'communications',
  summary:
    'What an agent may log a contact with: the spoken channels, purposes, message classes and outcomes',
  tags: ['communications'],
  roles: ['agent', 'admin'],
  schema: {
    querystring: T.Object({ language: LanguageParam }, { additionalProperties: false }),
    response: { 200: ContactOptions, ...protectedErrors },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ query, headers }, { deps }) {
    const policy = deps.policy;
    const language = languageForReader(policy, askedLanguages(query.language, headers));
    const words = wordsIn(policy, language);
    const classes = policy.communications?.messageClasses ?? [];
    const used = new Set(classes.flatMap((c) => c.purposes ?? []));
    return {
      status: 200,
      headers: contentLanguage(language),
      body: {
        language,
        channels: contactChannels(policy).map((c) => ({ id: c.id, name: words.text(c.description) })),
        purposes: policy.purposes
          .filter((p) => used.has(p.id))
          .map((p) => ({ id: p.id, name: words.text(p.description) })),
        messageClasses: classes
          .filter((c) => !c.requiresSubscription)
          .map((c) => ({
            id: c.id,
            name: words.text(c.description),
            commercial: c.commercial,
            countsTowardCap: Boolean(policy.communications?.cap) && c.countsTowardCap,
            purposes: [...(c.purposes ?? [])],
          })),
        senders: (policy.communications?.senders ?? []).map((id) => ({
          id,
          name: policy.controller.entities?.find((e) => e.id === id)?.name ?? id,
        })),
        outcomes: [...CONTACT_OUTCOMES],
      },
    };
  },
});

const LogContactBody = T.Object(
  {
    purpose: PolicyName,
    channel: PolicyName,
    messageClass: PolicyName,
    sender: T.Optional(PolicyName),
    domain: T.Optional(PolicyName),
    outcome: T.Enum([...CONTACT_OUTCOMES], { description: 'What came of it: a code, never free text' }),
    override: T.Optional(CapOverride),
  },
  { additionalProperties: false },
);

// Issue 15, BK-7, BK-12: the agent records a contact made; it counts as its class says.
export const logContactRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/contacts',
  operationId: 'logContact',
  feature: 'communications',
  summary:
    'Log a contact an agent made in person or by phone: judged by decide(), counted toward the cap when its message class counts, audited under the agent',
  tags: ['communications'],
  roles: ['agent', 'admin'],
  idempotent: true,
  schema: {
    params: IdParams,
    body: LogContactBody,
    response: SentResponses,
  },
  async handler({ params, body, headers }, { deps, actor }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    return { status: 201, body: await logContact(deps, { ...body, subjectId: params.id }, actor, words) };
  },
});
