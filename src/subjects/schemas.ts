import { Type as T } from 'typebox';
import { Nullable, PageOf, pageParams } from '../platform/http/schemas.ts';
import { LIFECYCLES } from '../policy/schema.ts';

const Lifecycle = T.Enum(LIFECYCLES);
const Name = T.String({ minLength: 1, maxLength: 200 });
const Date_ = T.String({ format: 'date' });

const identityFields = {
  givenName: T.Optional(Nullable(Name)),
  familyName: T.Optional(Nullable(Name)),
  birthDate: T.Optional(Nullable(Date_)),
  email: T.Optional(Nullable(T.String({ format: 'email', maxLength: 320 }))),
  phone: T.Optional(Nullable(T.String({ pattern: '^\\+?[0-9 ()./-]{4,32}$' }))),
  street: T.Optional(Nullable(T.String({ maxLength: 200 }))),
  postalCode: T.Optional(Nullable(T.String({ maxLength: 16 }))),
  city: T.Optional(Nullable(T.String({ maxLength: 100 }))),
  country: T.Optional(Nullable(T.String({ pattern: '^[A-Z]{2}$' }))),
  language: T.Optional(Nullable(T.String({ pattern: '^[a-z]{2}$' }))),
};

/** A rectification carries these: the identity a subject or an operator may correct. */
export const IdentityFields = T.Object(identityFields, { additionalProperties: false });

const IdentityInput = T.Object(
  {
    ...identityFields,
    idCardNumber: T.Optional(
      Nullable(
        T.String({
          minLength: 4,
          maxLength: 32,
          description: 'Stored encrypted (AES-256-GCM); never returned.',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

const subjectFields = {
  externalRef: T.Optional(Nullable(T.String({ minLength: 1, maxLength: 100 }))),
  controller: T.Optional(
    T.String({
      minLength: 1,
      maxLength: 100,
      description: '"self" or a partner controller id, for data processed on its behalf.',
    }),
  ),
  customerSince: T.Optional(Nullable(Date_)),
  contractEndedOn: T.Optional(Nullable(Date_)),
  lastContactAt: T.Optional(Nullable(T.String({ format: 'date-time' }))),
  identity: T.Optional(IdentityInput),
};

export const CreateSubjectBody = T.Object(
  { lifecycle: Lifecycle, ...subjectFields },
  { additionalProperties: false },
);

export const UpdateSubjectBody = T.Object(
  { lifecycle: T.Optional(Lifecycle), ...subjectFields },
  { additionalProperties: false, minProperties: 1 },
);

export const SubjectView = T.Object({
  id: T.String({ format: 'uuid' }),
  externalRef: Nullable(T.String()),
  lifecycle: Lifecycle,
  controller: T.String(),
  customerSince: Nullable(T.String()),
  contractEndedOn: Nullable(T.String()),
  lastContactAt: Nullable(T.String({ format: 'date-time' })),
  createdAt: T.String({ format: 'date-time' }),
  updatedAt: T.String({ format: 'date-time' }),
  version: T.Integer(),
  identity: T.Object({
    givenName: Nullable(T.String()),
    familyName: Nullable(T.String()),
    birthDate: Nullable(T.String()),
    email: Nullable(T.String()),
    phone: Nullable(T.String()),
    street: Nullable(T.String()),
    postalCode: Nullable(T.String()),
    city: Nullable(T.String()),
    country: Nullable(T.String()),
    language: Nullable(T.String()),
    hasIdCardNumber: T.Boolean(),
  }),
});

export const ListSubjectsQuery = T.Object(
  {
    lifecycle: T.Optional(Lifecycle),
    email: T.Optional(
      T.String({
        format: 'email',
        maxLength: 320,
        description: 'The subject with this mailbox, whatever its case (e.g. a request that came by e-mail).',
      }),
    ),
    ...pageParams(500, 50),
  },
  { additionalProperties: false },
);

export const SubjectPage = PageOf(SubjectView);

/** Issue 15, BK-13: an agent's search, by customer number, e-mail or name. */
export const SearchSubjectsQuery = T.Object(
  {
    q: T.String({
      minLength: 2,
      maxLength: 200,
      description:
        'A customer number (exact), an e-mail address (exact, whatever its case) or a name or part of one (case, accents and the order of the names do not count; at least one word of 3 letters).',
    }),
    ...pageParams(50, 20),
  },
  { additionalProperties: false },
);

export const SearchHitView = T.Object({
  id: T.String({ format: 'uuid' }),
  customerNumber: Nullable(T.String()),
  displayName: Nullable(T.String({ description: 'Given then family name, as the record writes them.' })),
  matchedBy: T.Union([T.Literal('customer-number'), T.Literal('email'), T.Literal('name')]),
  possibleDuplicates: T.Array(
    T.Object({
      id: T.String({ format: 'uuid' }),
      reason: T.Union([T.Literal('same-name-and-birth-date'), T.Literal('same-mailbox')]),
    }),
    {
      description:
        'Other subjects that may be this person: the same name and birth date, or the same mailbox (at most 5).',
    },
  ),
});

export const SearchPage = PageOf(SearchHitView);

/** Issue 16: the lifecycle facts a controller's system pushes for one person (src/subjects/facts-model.ts). */
const factFields = {
  lifecycle: T.Optional(
    T.Enum(LIFECYCLES, {
      description:
        'Stated outright; absent, the facts decide it: a contract end on or before today makes a customer former, a contract not ended (null or a day to come) makes a customer, a customerSince alone makes a prospect a customer.',
    }),
  ),
  customerSince: T.Optional(Nullable(Date_)),
  contractEndedOn: T.Optional(
    Nullable(
      T.String({
        format: 'date',
        description:
          'The day the last contract ended: the former-customer window and the contract-end retention clock run from it; null: a contract runs.',
      }),
    ),
  ),
  lastContactAt: T.Optional(
    Nullable(
      T.String({
        format: 'date-time',
        description:
          "The last contact with the person: the policy's last-contact retention clock (a prospect's) runs from it.",
      }),
    ),
  ),
  holdings: T.Optional(
    T.Array(
      T.Object(
        {
          product: T.String({ minLength: 1, maxLength: 100, description: "One of the policy's products." }),
          account: T.String({ minLength: 1, maxLength: 100, description: 'The account or contract number.' }),
          since: Date_,
        },
        { additionalProperties: false },
      ),
      {
        maxItems: 200,
        description:
          'Every product the person holds now (offers skip them, themes link to them): one not listed is no longer held. Absent: holdings are left as they are.',
      },
    ),
  ),
};

export const FactsBody = T.Object(factFields, { additionalProperties: false, minProperties: 1 });

export const MAX_FACT_ITEMS = 1000;

export const FactsBatchBody = T.Object(
  {
    items: T.Array(
      T.Object(
        {
          subject: T.Optional(
            T.String({ format: 'uuid', description: "Garde's subject id; or externalRef." }),
          ),
          externalRef: T.Optional(
            T.String({ minLength: 1, maxLength: 100, description: "The controller's customer number." }),
          ),
          ...factFields,
        },
        { additionalProperties: false, minProperties: 2 },
      ),
      { minItems: 1, maxItems: MAX_FACT_ITEMS },
    ),
  },
  { additionalProperties: false },
);

const FactOutcomeView = T.Object({
  subject: T.String({ format: 'uuid' }),
  changed: T.Array(T.String(), { description: 'The facts that changed (empty: Garde knew them already).' }),
});

export const FactsView = FactOutcomeView;
export const FactsBatchView = T.Object({
  changed: T.Integer({ description: 'Persons whose facts changed.' }),
  unchanged: T.Integer({ description: 'Persons whose facts Garde knew already.' }),
  items: T.Array(FactOutcomeView, { description: 'One per item, in order.' }),
});
