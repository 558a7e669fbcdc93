import { Type as T } from 'typebox';
import { ProblemSchema, protectedErrors } from '../platform/http/schemas.ts';

const Id = T.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 });

/** BK-8: for a message class that rests on a subscription, which subscription of the policy. */
export const SubscriptionId = T.String({
  pattern: '^[a-z][a-z0-9-]*$',
  maxLength: 100,
  description:
    'For a message class that rests on a subscription: which one; only its subscribers get the message.',
});
/** The policy's message class; without one, a message is judged as commercial and counted. */
export const MessageClassId = T.String({
  pattern: '^[a-z][a-z0-9-]*$',
  maxLength: 100,
  description: 'The policy message class; without one the message is judged as commercial, counted.',
});

/** BK-7, target mode only: over the cap on purpose, recorded with who and why. */
export const CapOverride = T.Object(
  { reason: T.String({ minLength: 3, maxLength: 500 }) },
  {
    additionalProperties: false,
    description:
      'Target mode only: the policy lets the cap be exceeded on purpose, recorded with who and why.',
  },
);

export const SendBody = T.Object(
  {
    purpose: Id,
    channel: Id,
    messageClass: Id,
    sender: T.Optional(Id),
    domain: T.Optional(Id),
    subscription: T.Optional(SubscriptionId),
    identifiedSession: T.Optional(
      T.Boolean({ description: 'The person is logged in now (banner, in-app).' }),
    ),
    contentRef: T.String({
      minLength: 1,
      maxLength: 200,
      description: 'Which message: a template or campaign reference.',
    }),
    override: T.Optional(CapOverride),
  },
  { additionalProperties: false },
);

export const CommunicationView = T.Object({
  id: T.Integer(),
  subjectId: T.String(),
  purpose: T.String(),
  channel: T.String(),
  messageClass: T.String(),
  commercial: T.Boolean(),
  counted: T.Boolean(),
  windowKey: T.String(),
  sender: T.Union([T.String(), T.Null()]),
  subscription: T.Union([T.String(), T.Null()]),
  contentRef: T.String(),
  overrideId: T.Union([T.Integer(), T.Null()]),
  actor: T.String(),
  sentAt: T.String({ format: 'date-time' }),
});

/**
 * What a message sent or a contact logged answers: the ledger entry, or 404 (no such person), 409
 * (CAP_REACHED), 422 (SEND_REFUSED, OVERRIDE_NOT_ALLOWED, CONTACT_CHANNEL_NOT_SPOKEN).
 */
export const SentResponses = {
  201: CommunicationView,
  ...protectedErrors,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};

export const ContactCheckQuery = T.Object(
  {
    purpose: Id,
    channel: Id,
    messageClass: T.Optional(MessageClassId),
    sender: T.Optional(Id),
    domain: T.Optional(Id),
    subscription: T.Optional(SubscriptionId),
  },
  { additionalProperties: false },
);

export const ContactCheckView = T.Object({
  allow: T.Boolean(),
  reasons: T.Array(T.Object({ code: T.String(), text: T.String() })),
  cap: T.Union(
    [
      T.Object({
        window: T.String({
          description:
            'A calendar window (2026-06, 2026), or a rolling window ending now: its length (P30D).',
        }),
        used: T.Integer(),
        max: T.Integer(),
        mode: T.String(),
        windowStart: T.Optional(
          T.String({
            format: 'date-time',
            description: 'A rolling window: messages sent after this instant count.',
          }),
        ),
        nextSlotAt: T.Optional(
          T.Union([T.String({ format: 'date-time' }), T.Null()], {
            description: 'A rolling window: when the next slot frees up; null while one is free.',
          }),
        ),
      }),
      T.Null(),
    ],
    { description: 'null: the policy states no cap, so nothing is counted against one.' },
  ),
});

/** BK-7, for the person: the window their commercial messages count in now, and the cap's slots. */
export const MessagesStandingView = T.Object(
  {
    window: T.Union([T.Literal('calendar-month'), T.Literal('calendar-year'), T.Literal('rolling')]),
    windowKey: T.Union([T.String(), T.Null()], {
      description: 'A calendar window: its key (2026-06, 2026), as the ledger entries sent in it carry',
    }),
    rollingWindow: T.Union([T.String(), T.Null()], {
      description: 'A rolling window: its length (an ISO 8601 duration); it ends now',
    }),
    windowStart: T.Union([T.String({ format: 'date-time' }), T.Null()], {
      description: 'A rolling window: the instant it starts after',
    }),
    cap: T.Union(
      [
        T.Object({
          max: T.Integer(),
          used: T.Integer({ description: 'The person’s own counted messages in the window' }),
          remaining: T.Integer(),
          mode: T.Union([T.Literal('strict'), T.Literal('target')]),
        }),
        T.Null(),
      ],
      { description: 'null: the policy states no cap (nothing is counted)' },
    ),
  },
  {
    description:
      'The window commercial messages are counted in now; a policy without a cap reads calendar months (UTC)',
  },
);
