import { Type as T } from 'typebox';

const Id = T.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 });

export const SendBody = T.Object(
  {
    purpose: Id,
    channel: Id,
    messageClass: Id,
    sender: T.Optional(Id),
    domain: T.Optional(Id),
    identifiedSession: T.Optional(
      T.Boolean({ description: 'The person is logged in now (banner, in-app).' }),
    ),
    contentRef: T.String({
      minLength: 1,
      maxLength: 200,
      description: 'Which message: a template or campaign reference.',
    }),
    override: T.Optional(
      T.Object(
        { reason: T.String({ minLength: 3, maxLength: 500 }) },
        { additionalProperties: false, description: 'Target mode only (BK-7).' },
      ),
    ),
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
  contentRef: T.String(),
  overrideId: T.Union([T.Integer(), T.Null()]),
  actor: T.String(),
  sentAt: T.String({ format: 'date-time' }),
});

export const ContactCheckQuery = T.Object(
  {
    purpose: Id,
    channel: Id,
    messageClass: T.Optional(Id),
    sender: T.Optional(Id),
    domain: T.Optional(Id),
  },
  { additionalProperties: false },
);

export const ContactCheckView = T.Object({
  allow: T.Boolean(),
  reasons: T.Array(T.Object({ code: T.String(), text: T.String() })),
  cap: T.Object({ window: T.String(), used: T.Integer(), max: T.Integer(), mode: T.String() }),
});
