import { Type as T } from 'typebox';
import { CONSENT_STATES } from '../decide/types.ts';
import { OBJECTION_KINDS } from './model.ts';

/**
 * Checked against the policy in force, not listed here: the document serves every policy. An id
 * the policy does not declare is refused with SOURCE_UNKNOWN, which names those it does.
 */
export const Source = T.String({
  pattern: '^[a-z][a-z0-9-]*$',
  maxLength: 100,
  description:
    "The interface the choice came through: one of the policy's consentInterfaces, or Garde's own api (the controller's staff or systems) or gpc (the browser's Global Privacy Control, recorded by Garde itself). Left out: a customer's first self-service interface, api for other roles.",
});
const ConsentStateT = T.Enum(CONSENT_STATES);
const Purpose = T.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 });

export const RecordConsentBody = T.Object(
  {
    purpose: Purpose,
    channel: T.Optional(T.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 })),
    state: ConsentStateT,
    source: T.Optional(Source),
    noticeVersion: T.Optional(
      T.String({ minLength: 1, maxLength: 50, description: 'Defaults to the policy version.' }),
    ),
    noticeLanguage: T.Optional(
      T.String({
        pattern: '^[a-z]{2}$',
        description:
          'The language of the notice the person read (one the policy declares); stated in the consent receipt.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ConsentEventView = T.Object({
  id: T.Integer(),
  subjectId: T.String(),
  purpose: T.String(),
  channel: T.String(),
  state: ConsentStateT,
  actor: T.String(),
  source: Source,
  noticeVersion: T.String(),
  noticeLanguage: T.Union([T.String(), T.Null()]),
  recordedAt: T.String({ format: 'date-time' }),
  userAgent: T.Union([T.String(), T.Null()]),
  ipPrefix: T.Union([T.String(), T.Null()]),
  gpc: T.Boolean({ description: 'The browser sent Global Privacy Control with the request that made it.' }),
});

/**
 * The records decide() reads: per purpose, the purpose-wide answer (channel "") and each
 * channel's own record, which wins for that channel (BK-11, EN-9).
 */
export const ConsentOverviewView = T.Object({
  items: T.Array(
    T.Object({
      purpose: T.String(),
      channel: T.String(),
      state: T.Enum(['given', 'refused', 'withdrawn', 'not-asked'] as const, {
        description:
          'The current record’s state. `given` with `outdated: true` does NOT count: decide() answers consent.outdated until the person gives it again.',
      }),
      explicit: T.Boolean(),
      since: T.Optional(
        T.String({ format: 'date-time', description: 'Since when a consent given has held.' }),
      ),
      underGpc: T.Optional(
        T.Boolean({ description: 'Given while the browser sent Global Privacy Control: it stands.' }),
      ),
      recordedAt: T.Optional(
        T.String({
          format: 'date-time',
          description: 'When the current answer was recorded (absent: not asked).',
        }),
      ),
      outdated: T.Optional(
        T.Literal(true, {
          description:
            'The consent was given under an earlier policy that has since widened the purpose: it no longer counts (consent.outdated) until given again.',
        }),
      ),
      changes: T.Optional(
        T.Array(T.String(), {
          description:
            'With outdated: what changed since it was given, in plain words in the reader’s language.',
        }),
      ),
      source: T.Optional(
        T.String({
          description: 'The interface the current answer came through (gpc: the browser signal withdrew it).',
        }),
      ),
    }),
  ),
});

export const ChangeObjectionBody = T.Object(
  {
    kind: T.Enum(OBJECTION_KINDS),
    purpose: T.Optional(Purpose),
    action: T.Enum(['raise', 'lift'] as const),
    source: T.Optional(Source),
    confirmContractImpact: T.Optional(
      T.Boolean({
        description:
          'The person was told that this change may end their contract (a 409 CONTRACT_IMPACT_UNCONFIRMED said how) and confirmed it.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ChangeRestrictionBody = T.Object(
  {
    purpose: T.Optional(Purpose),
    action: T.Enum(['impose', 'lift'] as const),
    reason: T.String({
      minLength: 1,
      maxLength: 500,
      description: 'Why (Art. 18(1)(a)-(d)): told to the person.',
    }),
    source: T.Optional(Source),
    confirmContractImpact: T.Optional(
      T.Boolean({
        description:
          'The person was told that this change may end their contract (a 409 CONTRACT_IMPACT_UNCONFIRMED said how) and confirmed it.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const LimitsView = T.Object({
  changed: T.Optional(T.Boolean()),
  recordedAt: T.Optional(
    T.Union([T.String({ format: 'date-time' }), T.Null()], {
      description: 'After a change: when Garde recorded it; null when it changed nothing (already so)',
    }),
  ),
  objections: T.Array(T.Object({ kind: T.String(), purpose: T.Union([T.String(), T.Null()]) })),
  restrictions: T.Array(
    T.Object({ purpose: T.Union([T.String(), T.Null()]), reason: T.String(), since: T.String() }),
  ),
});
