import { Type as T } from 'typebox';
import { MessageClassId, SubscriptionId } from '../../comms/schemas.ts';
import { askedLanguages, ContentLanguageHeader, contentLanguage } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { protectedErrors } from '../../platform/http/schemas.ts';
import { readerWords } from '../../words/words.ts';
import { answerQuestions } from '../decisions.ts';

const Id = T.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 });
const Question = T.Object(
  {
    subjectId: T.String({ format: 'uuid' }),
    purpose: Id,
    action: T.Optional(T.Enum(['process', 'contact', 'keep', 'disclose'] as const)),
    channel: T.Optional(Id),
    messageClass: T.Optional(MessageClassId),
    subscription: T.Optional(SubscriptionId),
    sender: T.Optional(Id),
    domain: T.Optional(Id),
    identifiedSession: T.Optional(T.Boolean()),
    occurredAt: T.Optional(
      T.String({
        format: 'date-time',
        description: 'When the data came into being (e.g. a behaviour event): judged then and since.',
      }),
    ),
    recipient: T.Optional(Id),
    fields: T.Optional(T.Array(T.String({ maxLength: 100 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const AnswerView = T.Object({
  subjectId: T.String(),
  purpose: T.String(),
  allow: T.Boolean(),
  reasons: T.Array(T.Object({ code: T.String(), text: T.String() })),
});

export const askDecisionsRoute = route({
  method: 'POST',
  url: '/v1/decisions',
  operationId: 'askDecisions',
  summary: 'Ask the decision point about up to 1,000 (subject, purpose, action) questions at once',
  tags: ['decisions'],
  roles: ['agent', 'marketer', 'dpo', 'admin', 'processor'],
  schema: {
    body: T.Object(
      { questions: T.Array(Question, { minItems: 1, maxItems: 1000 }) },
      { additionalProperties: false },
    ),
    response: { 200: T.Object({ answers: T.Array(AnswerView) }), ...protectedErrors },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ body, headers }, { deps }) {
    // The reasons are for whoever asks: in the language their client asks for.
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    return {
      status: 200,
      body: { answers: await answerQuestions(deps, body.questions, words) },
      headers: contentLanguage(words.language),
    };
  },
});
