// The shape of the Art. 15 access report as the API serves it (JSON), declared once: the route
// validates its answers with it and the OpenAPI document publishes it. The rows of each store
// and the interests stay open objects: their columns are the catalogue's, per category.
import { Type as T } from 'typebox';

const Row = T.Record(T.String(), T.Unknown());

export const AccessReportView = T.Object(
  {
    generatedAt: T.String({ format: 'date-time' }),
    language: T.String({ description: 'The language of the descriptions (ISO 639-1).' }),
    policy: T.Object({ id: T.String(), version: T.String() }),
    controller: T.Object({
      name: T.String(),
      address: T.String(),
      privacyContact: T.String(),
      dpo: T.Optional(
        T.Object(
          {
            name: T.Optional(T.String()),
            email: T.String(),
            address: T.Optional(T.String()),
            url: T.Optional(T.String()),
          },
          { description: 'The data protection officer, when the policy names one (Art. 13(1)(b)).' },
        ),
      ),
    }),
    subjectId: T.String({ format: 'uuid' }),
    categories: T.Array(
      T.Object({
        id: T.String(),
        description: T.String(),
        records: T.Integer({ minimum: 0 }),
        data: T.Record(T.String(), T.Array(Row), { description: 'Rows held, by store (table).' }),
        sources: T.Array(T.String()),
        purposes: T.Array(T.Object({ id: T.String(), description: T.String(), legalBasis: T.String() })),
        recipients: T.Array(
          T.Object({
            id: T.String(),
            name: T.String(),
            kind: T.String(),
            country: T.Optional(
              T.String({ description: 'Where it is established; absent when the notice does not say.' }),
            ),
            fields: T.Optional(T.Array(T.String())),
          }),
        ),
        retention: T.Array(
          T.Object({
            rule: T.String(),
            duration: T.Optional(
              T.String({ description: 'ISO 8601 duration, e.g. P10Y; absent when the notice states none.' }),
            ),
            period: T.Optional(
              T.String({ description: 'The period in the notice\'s words ("as long as needed for ...").' }),
            ),
            clock: T.Optional(T.String()),
            since: T.Optional(
              T.String({
                description:
                  "The clock in the report's language: the event it counts from (a clock the policy names, or Garde's own).",
              }),
            ),
            purposes: T.Optional(
              T.Array(T.Object({ id: T.String(), description: T.String() }), {
                description: 'The purposes the rule keeps the data for; absent: the whole category.',
              }),
            ),
            legalObligation: T.Boolean(),
          }),
        ),
        retentionStated: T.Union([T.Literal('rule'), T.Literal('relationship'), T.Literal('not-stated')], {
          description:
            "rule: the policy states how long (retention); relationship: the person's own record, kept as long as the relationship; not-stated: the notice states no period, and nothing deletes it automatically.",
        }),
      }),
    ),
    profiling: T.Array(T.Object({ purpose: T.String(), description: T.String(), logic: T.String() })),
    interests: T.Array(Row),
    rights: T.Object({
      supported: T.Array(T.String()),
      channels: T.Array(T.String()),
      deadline: T.String(),
      extension: T.String({
        description:
          "The one extension a request may get: the policy's, or the Regulation's two months (Art. 12(3)).",
      }),
      complaint: T.Optional(
        T.Object(
          {
            authority: T.String(),
            url: T.Optional(T.String()),
            email: T.Optional(T.String()),
            address: T.Optional(T.String()),
          },
          { description: 'The supervisory authority, when the policy names one (Art. 13(2)(d), 77).' },
        ),
      ),
    }),
  },
  {
    description:
      'GDPR Art. 15: every datum held, by category, with purposes, recipients, retention and rights.',
  },
);
