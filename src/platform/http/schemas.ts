// Shapes shared by many routes.
import { Type as T } from 'typebox';
import { ERRORS, type ErrorCode } from '../errors.ts';

export const ProblemSchema = T.Object(
  {
    type: T.String({
      format: 'uri',
      description:
        'Identifies the kind of problem; explained at /problems/<last segment> and in docs/problems.md.',
    }),
    title: T.String({ description: 'The same for every problem of this type.' }),
    status: T.Integer({ minimum: 400, maximum: 599 }),
    code: T.Enum(Object.keys(ERRORS) as ErrorCode[], {
      description: 'Stable: switch on this. New codes may be added; each is documented at /problems.',
    }),
    detail: T.Optional(T.String({ description: 'What went wrong with this request.' })),
    instance: T.Optional(
      T.String({
        format: 'uri-reference',
        description: 'The path of the request that failed, without its query.',
      }),
    ),
    errors: T.Optional(
      T.Array(
        T.Object({
          in: T.String({ description: 'body, querystring, params or headers' }),
          path: T.String({ description: 'JSON pointer to the refused value' }),
          message: T.String(),
        }),
        { description: 'Each refused value, when the input did not match the schema.' },
      ),
    ),
    retryAfter: T.Optional(T.Integer({ minimum: 0, description: 'Seconds to wait, as in Retry-After.' })),
    reasons: T.Optional(
      T.Array(T.Object({ code: T.String(), text: T.String() }), {
        description:
          "The decision point's reasons, first the one that decided (SEND_REFUSED, CAP_REACHED, CAMPAIGN_INVALID, a processor's ROLE_FORBIDDEN).",
      }),
    ),
    window: T.Optional(
      T.String({
        description:
          'CAP_REACHED: the cap period that is full (2026-06), or a rolling window ending now: its length (P30D).',
      }),
    ),
    windowStart: T.Optional(
      T.String({
        format: 'date-time',
        description: 'CAP_REACHED, rolling window: messages sent after it count.',
      }),
    ),
    used: T.Optional(T.Integer({ description: 'CAP_REACHED, rolling window: counted messages in it.' })),
    // A type list, not a union: the problem schema is compiled into every route's serializers, and
    // fast-json-stringify compiles a validator for each union it meets (about 85% of the cost).
    nextSlotAt: T.Optional(
      T.Unsafe<string | null>({
        type: ['string', 'null'],
        format: 'date-time',
        description: 'CAP_REACHED, rolling window: when the next slot frees up.',
      }),
    ),
    allowed: T.Optional(
      T.Array(T.String(), {
        description:
          'SOURCE_UNKNOWN, RETENTION_EVENT_UNKNOWN, RIGHT_NOT_ON_CHANNEL: the ids the policy in force accepts (sources, retention events, the rights channels that take the right).',
      }),
    ),
    contractImpact: T.Optional(
      T.String({
        description:
          'ERASURE_ENDS_CONTRACT, CONTRACT_IMPACT_UNCONFIRMED: what the right or the change would do to the contract, to confirm first.',
      }),
    ),
    noticeVersion: T.Optional(
      T.String({ description: 'NOTICE_OUTDATED: the version of the notice in force, to show instead.' }),
    ),
    changes: T.Optional(
      T.Array(T.String(), {
        description:
          'NOTICE_OUTDATED: what changed in the purpose since the notice the consent named, in plain words in `language`.',
      }),
    ),
    language: T.Optional(
      T.String({
        pattern: '^[a-z]{2}$',
        description:
          'The language of the words meant for a person (`reasons[].text`, `contractImpact`, `changes`, and `detail` when it repeats them): one the policy declares. `title` is always English.',
      }),
    ),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** Error responses every protected route can give, for the OpenAPI document. */
export const protectedErrors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  429: ProblemSchema,
} as const;

export const Uuid = T.String({ format: 'uuid' });

/** A row id (a bigint identity): JavaScript numbers hold it exactly up to 2^53 - 1. */
export const RowId = T.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** A name the policy defines: a purpose, channel, topic, category, scope... */
export const PolicyName = T.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 });

/**
 * A calendar year (`2026`) or month (`2026-06`), as the policy's cap window counts; year 0000
 * does not exist (PostgreSQL has none) and months run 01 to 12.
 */
export const Period = T.String({
  format: 'calendar-period',
  maxLength: 7,
  description: 'A calendar month (2026-06) or year (2026), as the policy counts its cap',
});
export const IdParams = T.Object({ id: Uuid }, { additionalProperties: false });

export const Nullable = <S extends Parameters<typeof T.Union>[0][number]>(s: S) => T.Union([s, T.Null()]);

/** `limit` and `after` (the `next` of the previous page) for a keyset-paginated list. */
export const pageParams = (max: number, fallback: number) => ({
  limit: T.Integer({ minimum: 1, maximum: max, default: fallback }),
  after: T.Optional(
    T.String({ minLength: 1, maxLength: 1000, description: 'Cursor: the `next` of the previous page.' }),
  ),
});

/** A page of a list: `next` is null on the last page. */
export const PageOf = <S extends Parameters<typeof T.Array>[0]>(item: S) =>
  T.Object({ items: T.Array(item), next: Nullable(T.String()) });

/** The headers a route sets, documented once for the OpenAPI document. */
export const ResponseHeaders = {
  location: {
    Location: {
      description: 'Where the created resource can be read.',
      schema: T.String({ format: 'uri-reference' }),
      required: true,
    },
  },
  etag: {
    ETag: {
      description: 'The version of the resource; send it back in If-Match to change it safely.',
      schema: T.String({ pattern: '^"[0-9]+"$' }),
      required: true,
    },
  },
} as const;
