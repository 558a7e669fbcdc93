// The policy file format, version 1. One declaration yields the TypeScript type, the runtime
// validator and the published JSON Schema (policies/garde-policy.schema.json).
import { type Static, Type as T } from 'typebox';
import { DURATION_PATTERN } from './duration-pattern.ts';
import { YEAR_MONTH_PATTERN } from './effective-date.ts';
import {
  ClauseRefs,
  COUNTRY_PATTERN,
  Country,
  Duration,
  Id,
  Localized,
  localized,
  Text,
} from './schema-base.ts';
import {
  AutomatedDecision,
  Children,
  ConsentCondition,
  ConsentIncentive,
  CriminalData,
  JointController,
  LegitimateInterest,
  Provision,
  PurposeSpecialCondition,
  RecipientSafeguard,
  SpecialCategory,
  TransferMechanismStated,
} from './schema-detail.ts';

export { DURATION_PATTERN };

export const POLICY_FORMAT_VERSION = 1;

const LanguageCode = T.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1 language code.' });

export const LEGAL_BASES = [
  'consent',
  'contract',
  'legitimate-interest',
  'legal-obligation',
  'vital-interest',
  'public-task',
] as const;
export const LIFECYCLES = ['prospect', 'customer', 'former'] as const;
export const RETENTION_CLOCKS = [
  'event-time',
  'contract-end',
  'last-contact',
  'invoice-date',
  'collected',
] as const;
export const RECIPIENT_KINDS = [
  'internal',
  'group-company',
  'partner',
  'processor',
  'debt-collector',
  'market-research',
  'authority',
] as const;
export const RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'withdraw-consent',
] as const;
export const CHANNEL_REQUIREMENTS = ['identified-session', 'explicit-consent', 'no-objection'] as const;

const Controller = T.Object(
  {
    name: Text,
    address: Text,
    privacyContact: T.String({ format: 'email' }),
    dpo: T.Optional(
      T.Object(
        {
          name: T.Optional(Text),
          email: T.String({ format: 'email' }),
          address: T.Optional(Text),
          url: T.Optional(T.String({ format: 'uri', description: 'A contact form or page of their own.' })),
          clauses: ClauseRefs,
        },
        {
          additionalProperties: false,
          description:
            'The data protection officer, with a contact apart from the privacy mailbox (GDPR Art. 37(7), 13(1)(b), 14(1)(b)).',
        },
      ),
    ),
    // Where the controller is established: the jurisdiction its consent receipts state (none when absent).
    country: T.Optional(Country),
    supervisoryAuthority: T.Optional(
      T.Object(
        {
          name: Text,
          url: T.Optional(T.String({ format: 'uri', description: 'Its website.' })),
          email: T.Optional(T.String({ format: 'email', description: 'Its e-mail address.' })),
          address: T.Optional(Text),
        },
        {
          additionalProperties: false,
          description:
            'The authority the notice names for complaints (GDPR Art. 13(2)(d), 77), with at least one way to reach it (url, email or address; policy check). Absent when it names none: the right to complain is still told.',
        },
      ),
    ),
    entities: T.Array(
      T.Object(
        {
          id: Id,
          name: Text,
          group: T.Boolean({ description: 'Part of the controller group.' }),
          controllerOf: T.Optional(
            T.Array(Id, {
              minItems: 1,
              description:
                'Purposes this entity is itself the controller of (a group company running its own service); the controller above is the controller of every other purpose.',
            }),
          ),
          address: T.Optional(Text),
          privacyContact: T.Optional(T.String({ format: 'email' })),
        },
        { additionalProperties: false },
      ),
      {
        minItems: 1,
        description:
          'Legal entities that may act as senders of proposals, and group companies that are the controller of their own purposes (controllerOf).',
      },
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const PartnerController = T.Object(
  {
    id: Id,
    name: Text,
    policyUrl: T.Optional(T.String({ format: 'uri' })),
    categories: T.Array(Id),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const DataSubjectKind = T.Object(
  { id: Id, description: Localized, lifecycle: T.Optional(T.Enum(LIFECYCLES)), clauses: ClauseRefs },
  { additionalProperties: false },
);

const Source = T.Object(
  { id: Id, description: Localized, clauses: ClauseRefs },
  { additionalProperties: false },
);

/**
 * Garde's own consent interfaces, there under every policy: `api`, the controller's staff or
 * systems through Garde's API without naming an interface; `gpc`, the Global Privacy Control
 * signal of the person's browser, which Garde itself honours. A policy may not declare them.
 */
export const BUILT_IN_CONSENT_INTERFACES = ['api', 'gpc'] as const;

const ConsentInterface = T.Object(
  {
    id: Id,
    description: Localized,
    recordedBy: T.Union([T.Literal('data-subject'), T.Literal('controller')], {
      description:
        'data-subject: the person acts themselves (self-service: a portal, an app, a kiosk, an unsubscribe link); controller: staff write down what the person told them (a letter, an e-mail, a call, the counter).',
    }),
    signal: T.Optional(
      T.Boolean({
        description:
          "A machine-readable signal the person's device sends (like Global Privacy Control), not an act at the moment it is recorded. Only with recordedBy: data-subject.",
      }),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const Field = T.Object(
  {
    name: T.String({ pattern: '^[a-z][a-zA-Z0-9]*$' }),
    sensitivity: T.Union([T.Literal('normal'), T.Literal('identifier'), T.Literal('sensitive')]),
    encrypted: T.Optional(T.Boolean({ description: 'Stored encrypted at the application level.' })),
  },
  { additionalProperties: false },
);

/** Garde's own tables: the dataset a storage entry names when it names none. */
export const GARDE_DATASET = 'garde';

const Storage = T.Object(
  {
    dataset: T.Optional(
      T.String({
        pattern: '^[a-z][a-z0-9-]*$',
        description: `The dataset that keeps it: "${GARDE_DATASET}" (Garde's own tables, the default) or one declared under datasets.`,
      }),
    ),
    table: T.String({
      minLength: 1,
      maxLength: 200,
      description:
        "The table (or resource) that keeps the category's data. In Garde's dataset, one of its tables (docs/policy-format.md lists them); a table belongs to one category, the unit that retention and erasure remove.",
    }),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const Category = T.Object(
  {
    id: Id,
    description: Localized,
    fields: T.Array(Field, { minItems: 1 }),
    storage: T.Optional(
      T.Array(Storage, {
        minItems: 1,
        description:
          'Where the data of this category is kept: never inferred from field names. Required (policy check) for every category.',
      }),
    ),
    sources: T.Optional(T.Array(Id)),
    special: T.Optional(SpecialCategory),
    criminal: T.Optional(CriminalData),
    provision: T.Optional(Provision),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

/**
 * postgresql, mysql (MySQL and MariaDB): Garde reaches the tables itself; http: a system with an
 * API, sent signed requests (Standard Webhooks); manual: people do it, on a task Garde creates.
 */
export const DATASET_KINDS = ['postgresql', 'mysql', 'http', 'manual'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** How a dataset finds a person: by Garde's subject id, the controller's customer number (a subject's externalRef), or e-mail. */
export const PERSON_KEYS = ['subject-id', 'external-ref', 'email'] as const;
export type PersonKey = (typeof PERSON_KEYS)[number];

const EnvName = (description: string) =>
  T.String({ pattern: '^[A-Z][A-Z0-9_]*$', maxLength: 100, description });

const SQL_NAME = '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$';
const SqlName = T.String({
  pattern: SQL_NAME,
  maxLength: 128,
  description: 'A table or column name (a table may be schema.table); quoted by Garde, never interpolated.',
});

const DatasetField = T.Object(
  {
    column: SqlName,
    category: Id,
    field: T.Optional(T.String({ minLength: 1, description: "The category's field the column holds." })),
  },
  { additionalProperties: false },
);

const DatasetTable = T.Object(
  {
    name: SqlName,
    person: T.Object(
      {
        by: T.Enum(PERSON_KEYS, { description: "Which of the person's keys the column holds." }),
        column: SqlName,
      },
      { additionalProperties: false, description: 'How a person is found in the table.' },
    ),
    fields: T.Array(DatasetField, {
      minItems: 1,
      description:
        'The columns that hold personal data and the category each belongs to. Erasure deletes a row whose categories all go, and masks (sets to null) the columns of the categories that go when another is kept.',
    }),
    clocks: T.Optional(
      T.Object(
        {
          'invoice-date': T.Optional(SqlName),
          'event-time': T.Optional(SqlName),
          collected: T.Optional(SqlName),
        },
        {
          additionalProperties: false,
          description: "The date columns that run the rows' own retention clocks.",
        },
      ),
    ),
    restriction: T.Optional(
      T.Object(
        { column: SqlName },
        {
          additionalProperties: false,
          description: 'A boolean column set to true when the person restricts processing (Art. 18).',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A column, with what it holds. */
const Column = (description: string) =>
  T.String({ pattern: SQL_NAME, maxLength: 128, description: `${description} Quoted by Garde.` });

const FactPerson = T.Object(
  {
    by: T.Enum(PERSON_KEYS, { description: "Which of the person's keys the column holds." }),
    column: SqlName,
  },
  { additionalProperties: false, description: 'How a person is found in the table.' },
);

/**
 * Issue 16: the lifecycle facts a system holds (docs/lifecycle-facts.md). `garde datasets sync`
 * and the server's daily job read them over every row and write what changed into Garde.
 */
const DatasetFacts = T.Object(
  {
    table: T.Optional(
      Column(
        'The table (or view) of contracts or customers that holds customerSince, contractEnd and lastContact; required with any of them.',
      ),
    ),
    person: T.Optional(FactPerson),
    customerSince: T.Optional(
      Column(
        "A date column: when the contract began. The person's earliest is their customerSince; a row with neither start nor end is no contract (a prospect's).",
      ),
    ),
    contractEnd: T.Optional(
      Column(
        'A date column: when the contract ended, empty while it runs (EN-10: the former-customer window and contract retention run from it). Any running contract makes the person a customer; when all have ended, the latest end makes them former.',
      ),
    ),
    lastContact: T.Optional(
      Column(
        "A date or timestamp column: the last contact, which runs the last-contact retention clock (EN-10). The person's latest counts.",
      ),
    ),
    holdings: T.Optional(
      T.Object(
        {
          table: SqlName,
          person: FactPerson,
          product: Column("The column that holds the product: one of the policy's product ids."),
          account: T.Optional(Column('The account or contract number; absent, one holding per product.')),
          since: Column('A date column: since when the person holds it.'),
        },
        {
          additionalProperties: false,
          description:
            'The products each person holds (BK-4 offers, BK-6 themes), one row per holding. This system is then the record of holdings: a holding it no longer lists is removed from Garde.',
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      "Lifecycle facts (contract start and end, last contact, holdings) read from this system, so the lifecycle rules follow the controller's own records: `garde datasets sync`, and daily in the server. Each fact comes from one dataset.",
  },
);

const Dataset = T.Object(
  {
    id: Id,
    description: Localized,
    kind: T.Enum(DATASET_KINDS, {
      description:
        'postgresql or mysql (also MariaDB): Garde connects and acts in one transaction; http: an API Garde sends signed requests to; manual: people act on a task Garde creates.',
    }),
    owner: T.Optional(Text),
    connection: T.Optional(
      T.Object(
        {
          url: EnvName(
            'The environment variable that holds the connection URL (postgresql, mysql) or the base URL (http). Never the URL itself: a policy file holds no secret.',
          ),
          secret: T.Optional(
            EnvName(
              'http: the environment variable that holds the Standard Webhooks signing secret (whsec_...).',
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    tables: T.Optional(
      T.Array(DatasetTable, {
        description: 'The tables (http: resources) that keep personal data, and how each is read.',
      }),
    ),
    facts: T.Optional(DatasetFacts),
    task: T.Optional(
      T.Object(
        {
          role: T.Union([T.Literal('dpo'), T.Literal('agent'), T.Literal('admin')], {
            description:
              'Who carries out the task in the system: a role that may know who the person is (src/keys/need-to-know.ts).',
          }),
          within: Duration,
        },
        {
          additionalProperties: false,
          description: 'manual: who acts on a request, and within how long of it being handed over.',
        },
      ),
    ),
    clauses: ClauseRefs,
  },
  {
    additionalProperties: false,
    description: "A system of the controller's that keeps personal data, apart from Garde's own tables.",
  },
);

export type DatasetTable = Static<typeof DatasetTable>;
export type DatasetFacts = Static<typeof DatasetFacts>;

const Purpose = T.Object(
  {
    id: Id,
    description: Localized,
    legalBasis: T.Enum(LEGAL_BASES),
    legitimateInterest: T.Optional(LegitimateInterest),
    categories: T.Array(Id, { minItems: 1 }),
    senders: T.Optional(T.Array(Id, { description: 'Entities allowed to act for this purpose.' })),
    domains: T.Optional(T.Array(Id, { description: 'Product domains this purpose is restricted to.' })),
    profiling: T.Optional(T.Boolean()),
    directMarketing: T.Optional(
      T.Boolean({ description: 'Direct marketing: an objection to direct marketing stops it (Art. 21(2)).' }),
    ),
    model: T.Optional(
      T.Union([T.Literal('required'), T.Literal('none')], { description: 'Whether a model derives data.' }),
    ),
    anonymousOption: T.Optional(T.Boolean({ description: 'The person may take part anonymously.' })),
    special: T.Optional(
      T.Array(PurposeSpecialCondition, {
        minItems: 1,
        description:
          'Per special category this purpose uses, the Art. 9(2) condition it rests on here, when it is not the one the category states (e.g. a contract purpose using health data on explicit consent, a statistics purpose on (j)).',
      }),
    ),
    automatedDecision: T.Optional(AutomatedDecision),
    provision: T.Optional(Provision),
    offeredToChildren: T.Optional(
      T.Boolean({
        description: 'Offered directly to children (Art. 8): see the policy-level children block.',
      }),
    ),
    minimumAge: T.Optional(
      T.Integer({ minimum: 0, maximum: 120, description: 'People younger than this may not take part.' }),
    ),
    lifecycles: T.Optional(T.Array(T.Enum(LIFECYCLES))),
    lookBack: T.Optional(
      T.String({
        pattern: DURATION_PATTERN,
        description:
          'How far back the purpose may read behaviour, e.g. P3Y ("up to three years of purchases and visits"): data that came into being longer ago is not used for it, though retention may still keep it. Absent: as far back as retention keeps it.',
      }),
    ),
    consent: T.Optional(
      T.Object(
        {
          explicit: T.Boolean({ description: 'Requires a specific, affirmative act (opt-in).' }),
          perChannel: T.Optional(T.Boolean()),
          withdrawVia: T.Array(Id, {
            description:
              'The consent interfaces (consentInterfaces) where the person can withdraw, at any time (Art. 7(3)).',
          }),
          gpc: T.Optional(T.Union([T.Literal('withdraw'), T.Literal('object'), T.Literal('ignore')])),
          incentive: T.Optional(ConsentIncentive),
          conditionOf: T.Optional(ConsentCondition),
        },
        { additionalProperties: false },
      ),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const Theme = T.Object({ id: Id, name: Localized, clauses: ClauseRefs }, { additionalProperties: false });

const SubscriptionTopic = T.Object(
  {
    id: Id,
    kind: T.Union([T.Literal('newsletter'), T.Literal('alert'), T.Literal('magazine')]),
    description: Localized,
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const Product = T.Object(
  {
    id: Id,
    name: Localized,
    domain: Id,
    entity: Id,
    kind: T.Union([
      T.Literal('account'),
      T.Literal('contract'),
      T.Literal('service'),
      T.Literal('insurance'),
    ]),
    topics: T.Optional(T.Array(Id, { description: 'Tracked topics that signal interest in this product.' })),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const RetentionEvent = T.Object(
  { id: Id, description: Localized, clauses: ClauseRefs },
  {
    additionalProperties: false,
    description:
      "An event in a person's relationship that starts a retention clock (an account closed, a membership cancelled, the last login, the end of a dispute), reported by the controller's systems through the API.",
  },
);

const RetentionRule = T.Object(
  {
    id: Id,
    category: Id,
    duration: T.Optional(
      T.String({
        pattern: DURATION_PATTERN,
        description:
          'ISO 8601 duration after the clock starts. Absent when the notice states no number ("as long as needed"): then nothing is deleted automatically, the DPO reviews it every `review`, and the retention report says so.',
      }),
    ),
    // The period in the notice's words, e.g. "as long as needed to manage your membership"
    // (Art. 13(2)(a): the period, or the criteria that set it). Required without a duration.
    period: T.Optional(Localized),
    review: T.Optional(
      T.String({
        pattern: DURATION_PATTERN,
        description: 'How often the DPO reviews data kept with no stated duration, e.g. P1Y.',
      }),
    ),
    clock: T.Optional(
      T.Union([T.Enum(RETENTION_CLOCKS), Id], {
        description:
          'When the duration starts to run: a built-in clock, or the id of an event the policy declares under retentionEvents (account closed, last login). Required with a duration.',
      }),
    ),
    lifecycles: T.Optional(T.Array(T.Enum(LIFECYCLES))),
    // Issue 13: "for marketing until you object", "payment data 7 years for tax law".
    purposes: T.Optional(
      T.Array(Id, {
        minItems: 1,
        description:
          "The purposes the rule keeps the category's data for (ids of purposes that use the category). Absent: the whole category. The data stays while any purpose-scoped or legal-obligation rule of its category still runs; a purpose on legal-obligation makes the rule one.",
      }),
    ),
    legalObligation: T.Optional(
      T.Boolean({ description: 'Kept under a legal obligation: survives erasure.' }),
    ),
    action: T.Union([T.Literal('delete'), T.Literal('anonymise')]),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const Recipient = T.Object(
  {
    id: Id,
    name: Text,
    kind: T.Enum(RECIPIENT_KINDS),
    country: T.Optional(
      T.String({
        pattern: COUNTRY_PATTERN,
        description:
          'ISO 3166-1 alpha-2 code of where it is established. Absent when the notice names the recipient by kind only: then it cannot be shown to be in the EEA (docs/policy-format.md, transfers).',
      }),
    ),
    purposes: T.Array(Id),
    categories: T.Array(Id),
    fields: T.Optional(T.Array(T.String(), { description: 'Need-to-know: the only fields it may see.' })),
    purposeBound: T.Optional(T.Boolean({ description: 'May not use the data for any other purpose.' })),
    safeguard: T.Optional(RecipientSafeguard),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const EventKind = T.Object(
  {
    id: Id,
    description: Localized,
    topics: T.Optional(T.Array(Id)),
    weight: T.Optional(
      T.Number({
        exclusiveMinimum: 0,
        maximum: 100,
        description: 'How strongly one such event signals interest in its topic (default 1).',
      }),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const Tracking = T.Object(
  {
    identifiedOnly: T.Boolean(),
    consentPurpose: Id,
    eventKinds: T.Array(EventKind, { minItems: 1 }),
    retention: Duration,
    interestHalfLife: T.Optional(Duration),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const MessageClass = T.Object(
  {
    id: Id,
    description: Localized,
    commercial: T.Boolean(),
    countsTowardCap: T.Optional(
      T.Boolean({
        description:
          'Whether a message of this class counts toward the cap (absent: it does). Without a cap nothing counts.',
      }),
    ),
    requiresSubscription: T.Optional(
      T.Boolean({
        description:
          'Sent only to people subscribed to the subscription the message names: the subscription is its basis, so a channel that needs marketing consent does not ask for it; unsubscribing stops it.',
      }),
    ),
    purposes: T.Optional(T.Array(Id)),
    channels: T.Optional(
      T.Array(Id, {
        description:
          'The channels this class may use (absent: every channel). A commercial class that does not count toward the cap must name them, or it would escape the cap anywhere.',
      }),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

export const CHANNEL_ADDRESSES = ['email', 'postal', 'phone', 'push', 'in-person', 'online-session'] as const;

/** Identity fields an outbound batch may carry (the columns of Garde's identities). */
export const BATCH_FIELDS = [
  'givenName',
  'familyName',
  'street',
  'postalCode',
  'city',
  'country',
  'email',
  'phone',
  'language',
] as const;

const Batch = T.Object(
  {
    fields: T.Array(T.Enum(BATCH_FIELDS), {
      description: 'Only what the channel needs to deliver (need-to-know); the subject id always comes.',
    }),
    reader: T.Union([T.Literal('spreadsheet'), T.Literal('machine')], {
      description:
        'spreadsheet: a CSV a person opens (formula cells neutralised, UTF-8 byte-order mark); machine: JSON for a program, values exact.',
    }),
    recipient: T.Optional(
      T.String({
        pattern: '^[a-z][a-z0-9-]*$',
        description:
          "The processor the batch is for: a `recipients` entry of kind processor. Then a marketer, or that processor's own key, may download it, each download audited as a disclosure to it; without it only the DPO or an administrator may. Its purposes should cover the purposes the channel carries, its fields the batch's (policy check warns).",
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      "The file a sent campaign writes for the processor delivering on this channel; it must hold what the channel's address needs (email: email; postal: givenName, familyName, street, postalCode, city, country; phone: phone). Without it, a machine file of exactly those fields (subject ids alone for push, in-person and online-session).",
  },
);

const Channel = T.Object(
  {
    id: Id,
    description: Localized,
    address: T.Optional(
      T.Enum(CHANNEL_ADDRESSES, {
        description:
          "Where the channel reaches the person: their e-mail address, their postal address (a letter, a visit at their door), their phone number (a call, a text message), a push notification to the controller's app on their device (the app's registration is keyed by the subject id), in person (they come to the controller), or an online session. It says what the channel's batch needs (without `batch`, exactly that). People who share an e-mail address get one counted message per window between them (one mailbox, one person).",
      }),
    ),
    requires: T.Array(T.Enum(CHANNEL_REQUIREMENTS)),
    consentPurpose: T.Optional(Id),
    batch: T.Optional(Batch),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const Communications = T.Object(
  {
    messageClasses: T.Array(MessageClass, { minItems: 1 }),
    channels: T.Array(Channel, { minItems: 1 }),
    cap: T.Optional(
      T.Object(
        {
          max: T.Integer({ minimum: 0 }),
          window: T.Union([T.Literal('calendar-month'), T.Literal('calendar-year'), T.Literal('rolling')]),
          rollingWindow: T.Optional(Duration),
          timeZone: T.String({ minLength: 1, description: 'IANA time zone, e.g. Europe/Brussels.' }),
          mode: T.Union([T.Literal('strict'), T.Literal('target')], {
            description: 'strict: never exceeded; target: an audited override may exceed it.',
          }),
          clauses: ClauseRefs,
        },
        {
          additionalProperties: false,
          description:
            'At most `max` counted messages per person and window. Absent when the notice states no cap: nothing is counted or refused for it.',
        },
      ),
    ),
    senders: T.Array(Id, { minItems: 1, description: 'Entities allowed to send proposals.' }),
    domains: T.Optional(
      T.Array(Id, {
        description:
          'Product domains the controller markets; marketing about another is refused. No limit when absent.',
      }),
    ),
    formerCustomers: T.Optional(
      T.Object(
        { every: Duration, until: Duration, unlessObjected: T.Boolean(), clauses: ClauseRefs },
        { additionalProperties: false },
      ),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const Rights = T.Object(
  {
    supported: T.Array(T.Enum(RIGHTS), { minItems: 1 }),
    channels: T.Array(
      T.Object(
        {
          id: Id,
          description: T.Optional(
            localized(
              'The channel by its name, as staff and the person know it (e.g. "Online banking", "By letter"). Absent: screens show its id.',
            ),
          ),
          identityProof: T.Optional(
            T.Boolean({
              description:
                "A request here needs a proof of identity (true) or the channel's login is the verification (false). Absent when the notice says nothing: the Regulation's default (Art. 12(6)), staff verify the identity where they have reasonable doubt.",
            }),
          ),
          redactUnneeded: T.Optional(T.Boolean()),
          rights: T.Optional(
            T.Array(T.Enum(RIGHTS), {
              minItems: 1,
              uniqueItems: true,
              description:
                'The rights a request on this channel may exercise, from rights.supported (RT-40: "access in the account, restriction through customer service"). Absent: every supported right.',
            }),
          ),
          clauses: ClauseRefs,
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    deadline: T.Optional(
      T.String({
        pattern: DURATION_PATTERN,
        description:
          "The time to answer, from receipt. Absent when the notice states none: the Regulation's one month (Art. 12(3)).",
      }),
    ),
    extension: T.Optional(Duration),
    deliveryWindow: T.Optional(
      T.String({
        pattern: DURATION_PATTERN,
        description:
          "How long the person may download the answer to an access or portability request once it is fulfilled (then they ask again). Absent: Garde's default, 30 days.",
      }),
    ),
    portabilityFormats: T.Optional(
      T.Array(T.Union([T.Literal('json'), T.Literal('csv')]), {
        minItems: 1,
        description: 'The files of a portability export; both when absent.',
      }),
    ),
    portability: T.Optional(
      T.Object(
        {
          categories: T.Array(Id, {
            minItems: 1,
            uniqueItems: true,
            description:
              "The categories a portable copy holds (ids of policy categories, or of Garde's own records such as consent-records): the data the person provided or that their activity generated (Art. 20(1)), as the notice may narrow it.",
          }),
          clauses: ClauseRefs,
        },
        {
          additionalProperties: false,
          description:
            'What a portability export holds. Absent: every table of Garde that keeps what the person provided or generated.',
        },
      ),
    ),
    warnContractImpact: T.Optional(
      T.Boolean({ description: 'Tell the person when a right ends the contract.' }),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

const Security = T.Object(
  {
    transportEncryption: T.Boolean({
      description:
        'When true, garde serve refuses plain HTTP beyond loopback unless TLS or a declared proxy carries it.',
    }),
    sessionIdleTimeout: T.Optional(
      T.String({
        pattern: DURATION_PATTERN,
        description:
          'How long a session may sit idle before it ends, e.g. PT15M (Garde: PT30M when absent, for a notice that says sessions expire without saying when).',
      }),
    ),
    sessionAbsoluteTimeout: T.Optional(
      T.String({
        pattern: DURATION_PATTERN,
        description:
          'How long a session may last from its start however much it is used, e.g. PT8H (Garde: PT8H when absent).',
      }),
    ),
    internalNetworkFirewalled: T.Optional(T.Boolean()),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

export const PolicySchema = T.Object(
  {
    garde: T.Literal(POLICY_FORMAT_VERSION, { description: 'Policy format version.' }),
    policy: T.Object(
      {
        id: Id,
        version: Text,
        effectiveFrom: T.Union([T.String({ format: 'date' }), T.String({ pattern: YEAR_MONTH_PATTERN })], {
          description:
            'The day this version takes effect (YYYY-MM-DD), or the month when the notice states only a month (YYYY-MM, "Stand: Mai 2018"): shown as the notice says it, no day invented.',
        }),
        title: Localized,
        languages: T.Array(LanguageCode, {
          minItems: 1,
          description:
            'The languages the policy speaks, the first one first: an answer in a language the policy does not declare is given in the first (Art. 12(1)).',
        }),
        fallbacks: T.Optional(
          T.Record(LanguageCode, LanguageCode, {
            additionalProperties: false,
            description:
              'Per declared language, the declared language read where it has no text of its own (e.g. lb: de). Without one, each language needs every text.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    controller: Controller,
    partnerControllers: T.Optional(T.Array(PartnerController)),
    jointControllers: T.Optional(T.Array(JointController)),
    dataSubjects: T.Array(DataSubjectKind, { minItems: 1 }),
    sources: T.Optional(T.Array(Source)),
    datasets: T.Optional(
      T.Array(Dataset, {
        description: "The controller's systems that keep personal data, besides Garde's own.",
      }),
    ),
    consentInterfaces: T.Optional(
      T.Array(ConsentInterface, {
        description:
          'Where a person gives, refuses or withdraws consent, objects, or (un)subscribes: each choice on record names one (GDPR Art. 7(1), 7(3)). Garde adds its own: api and gpc.',
      }),
    ),
    categories: T.Array(Category, { minItems: 1 }),
    purposes: T.Array(Purpose, { minItems: 1 }),
    themes: T.Optional(
      T.Array(Theme, { description: 'Themes a customer may link products to, without a model.' }),
    ),
    subscriptions: T.Optional(
      T.Array(SubscriptionTopic, {
        description: 'Newsletters, alerts and magazines: kept apart from consent.',
      }),
    ),
    products: T.Optional(
      T.Array(Product, { description: 'What the controller offers; holdings and offers refer to these.' }),
    ),
    retentionEvents: T.Optional(
      T.Array(RetentionEvent, {
        description:
          'Events that start retention clocks, besides the built-in ones; each person has at most one of each (the latest).',
      }),
    ),
    retention: T.Array(RetentionRule),
    recipients: T.Array(Recipient),
    transfers: T.Optional(
      T.Object(
        {
          establishedInEea: T.Optional(
            T.Array(T.Enum(RECIPIENT_KINDS), {
              description:
                'Kinds of recipient the notice promises are established in the EEA: none of them may be elsewhere, whatever the safeguard.',
            }),
          ),
          mechanisms: T.Optional(
            T.Array(TransferMechanismStated, {
              minItems: 1,
              description:
                'The safeguards the notice says transfers outside the EEA rest on, when it names no recipient there (Art. 13(1)(f)): every recipient safeguard must be one of them.',
            }),
          ),
          clauses: ClauseRefs,
        },
        {
          additionalProperties: false,
          description: 'What the notice promises about transfers outside the EEA.',
        },
      ),
    ),
    children: T.Optional(Children),
    tracking: T.Optional(Tracking),
    communications: T.Optional(Communications),
    rights: Rights,
    security: T.Optional(Security),
    cookies: T.Optional(
      T.Object(
        { policyUrl: T.String({ format: 'uri' }), clauses: ClauseRefs },
        { additionalProperties: false },
      ),
    ),
    confidentiality: T.Optional(
      T.Object({ statement: Localized, clauses: ClauseRefs }, { additionalProperties: false }),
    ),
    texts: T.Optional(
      T.Record(
        LanguageCode,
        T.Record(T.String({ pattern: '^[a-zA-Z]+(\\.[a-zA-Z0-9_-]+)+$' }), Text, {
          additionalProperties: false,
        }),
        {
          additionalProperties: false,
          description:
            "Garde's own words, per language then message id (ICU MessageFormat): supplies a language Garde has no words for, or overrides a built-in word (docs/policy-format.md).",
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    $id: 'https://garde.dev/schema/policy-1.json',
    title: 'Garde privacy policy',
  },
);

export type Policy = Static<typeof PolicySchema>;
export type Purpose = Static<typeof Purpose>;
export type Product = Static<typeof Product>;
export type RetentionRule = Static<typeof RetentionRule>;
export type RetentionEvent = Static<typeof RetentionEvent>;
export type Recipient = Static<typeof Recipient>;
export type Rights = Static<typeof Rights>;
export type Category = Static<typeof Category>;
export type Storage = Static<typeof Storage>;
export type Dataset = Static<typeof Dataset>;
export type ConsentInterface = Static<typeof ConsentInterface>;
export type LegalBasis = (typeof LEGAL_BASES)[number];
export type Lifecycle = (typeof LIFECYCLES)[number];
