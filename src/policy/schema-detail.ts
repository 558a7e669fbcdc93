// What a notice may state beyond purposes, categories and recipients, each in the GDPR's terms:
// the legitimate interest pursued, special categories and criminal data, transfer safeguards,
// joint controllers, automated decisions, whether data is required, children and incentives.
// Every key is optional: a real notice omits things, and the lint checks only what is stated.
import { type Static, Type as T } from 'typebox';
import { ClauseRefs, COUNTRY_PATTERN, Country, Id, Localized, localized, Text } from './schema-base.ts';

/** Art. 13(1)(d), Art. 6(1)(f): the interest a legitimate-interest purpose pursues. */
export const LegitimateInterest = T.Object(
  {
    interest: T.Optional(Localized),
    balancingTest: T.Optional(
      localized('Where the balancing test is kept: a reference, a URL or a short text (Art. 6(1)(f)).'),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false, description: 'The legitimate interest pursued (Art. 13(1)(d)).' },
);

/** Art. 9(1): the special categories of personal data. */
export const SPECIAL_KINDS = [
  'racial-or-ethnic-origin',
  'political-opinions',
  'religious-or-philosophical-beliefs',
  'trade-union-membership',
  'genetic',
  'biometric',
  'health',
  'sex-life-or-sexual-orientation',
] as const;

/** Art. 9(2)(a)-(j), by the GDPR's own letters. */
export const ART9_CONDITIONS = {
  a: 'explicit consent',
  b: 'employment, social security and social protection law',
  c: 'vital interests of a person incapable of giving consent',
  d: 'a not-for-profit body, about its members',
  e: 'made manifestly public by the person',
  f: 'legal claims or courts acting in their judicial capacity',
  g: 'substantial public interest, on the basis of law',
  h: 'preventive or occupational medicine, health or social care',
  i: 'public health',
  j: 'archiving in the public interest, research or statistics',
} as const;
export type Art9Condition = keyof typeof ART9_CONDITIONS;

export const SpecialCategory = T.Object(
  {
    kind: T.Enum(SPECIAL_KINDS, { description: 'Which special category of Art. 9(1).' }),
    condition: T.Optional(
      T.Enum(Object.keys(ART9_CONDITIONS) as Art9Condition[], {
        description:
          'The Art. 9(2) condition, by its letter: a explicit consent, b employment law, c vital interests, d not-for-profit body, e made public, f legal claims, g substantial public interest, h health care, i public health, j research.',
      }),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false, description: 'A special category of personal data (Art. 9).' },
);

/** IN-6: the Art. 9(2) condition one purpose rests on for one special category it uses. */
export const PurposeSpecialCondition = T.Object(
  {
    category: Id,
    condition: T.Enum(Object.keys(ART9_CONDITIONS) as Art9Condition[], {
      description: 'The Art. 9(2) condition this purpose rests on for that category, by its letter (a to j).',
    }),
    clauses: ClauseRefs,
  },
  {
    additionalProperties: false,
    description:
      'A special category this purpose uses (one of its categories) and the Art. 9(2) condition it rests on here, besides its Art. 6 basis.',
  },
);

export const CriminalData = T.Object(
  {
    authorisedBy: localized(
      'The official authority or the Union or Member State law that authorises it (Art. 10).',
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false, description: 'Data on criminal convictions and offences (Art. 10).' },
);

/** Art. 13(2)(e): whether the person must give the data. */
export const PROVISION_REQUIREMENTS = [
  'statutory',
  'contractual',
  'contract-prerequisite',
  'voluntary',
] as const;

export const Provision = T.Object(
  {
    requirement: T.Enum(PROVISION_REQUIREMENTS, {
      description:
        'statutory: the law requires it; contractual: the contract does; contract-prerequisite: needed to enter into the contract; voluntary: the person may refuse.',
    }),
    ifNotProvided: T.Optional(localized('What happens if the person does not give the data.')),
    clauses: ClauseRefs,
  },
  { additionalProperties: false, description: 'Whether giving the data is required (Art. 13(2)(e)).' },
);

/** Art. 22(1), 13(2)(f): a decision based solely on automated processing. */
export const AutomatedDecision = T.Object(
  {
    effect: T.Union([T.Literal('legal'), T.Literal('similarly-significant')], {
      description: 'The decision produces legal effects, or similarly significantly affects the person.',
    }),
    logic: T.Optional(localized('Meaningful information about the logic involved.')),
    significance: T.Optional(localized('Its significance and envisaged consequences for the person.')),
    humanReview: T.Optional(
      T.Object(
        {
          via: T.Array(Id, {
            minItems: 1,
            description: 'The rights channels (rights.channels) where the person asks for human review.',
          }),
          description: T.Optional(Localized),
        },
        {
          additionalProperties: false,
          description:
            'How to obtain human intervention, express a point of view and contest the decision (Art. 22(3)).',
        },
      ),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false, description: 'Solely automated decision-making (Art. 22).' },
);

/** Art. 7(4): what is offered for consent, and whether a contract is conditional on it. */
export const ConsentIncentive = localized('What the person is offered for giving consent (Art. 7(4)).');
export const ConsentCondition = T.Object(
  {
    products: T.Array(Id, {
      minItems: 1,
      description: 'Products whose contract is conditional on this consent.',
    }),
    necessity: T.Optional(
      localized('Why the processing is necessary for performing that contract (Art. 7(4)).'),
    ),
  },
  { additionalProperties: false, description: 'A contract made conditional on this consent (Art. 7(4)).' },
);

/** Art. 8(1): 16 unless a Member State provides a lower age, not below 13. */
const ConsentAge = T.Integer({ minimum: 13, maximum: 16 });
export const Children = T.Object(
  {
    digitalConsentAge: T.Optional(
      T.Integer({
        minimum: 13,
        maximum: 16,
        description:
          'Below this age, consent to an online service needs parental consent (Art. 8(1)); 16 when absent.',
      }),
    ),
    byCountry: T.Optional(
      T.Record(T.String({ pattern: COUNTRY_PATTERN }), ConsentAge, {
        additionalProperties: false,
        description: 'The age each Member State set, by ISO 3166-1 country code.',
      }),
    ),
    parentalConsent: T.Optional(
      localized(
        'How consent is given or authorised by the holder of parental responsibility (Art. 8(1)-(2)).',
      ),
    ),
    clauses: ClauseRefs,
  },
  { additionalProperties: false, description: "A child's consent to online services (Art. 8)." },
);

/** Art. 44-49: the ground on which data leaves the EEA. */
export const TRANSFER_MECHANISMS = [
  'adequacy',
  'dpf',
  'scc',
  'bcr',
  'code-of-conduct',
  'certification',
  'derogation',
] as const;
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];

/** Art. 49(1)(a)-(g) and its second subparagraph. */
export const DEROGATIONS = [
  'explicit-consent',
  'contract-with-subject',
  'contract-for-subject',
  'public-interest',
  'legal-claims',
  'vital-interests',
  'public-register',
  'compelling-legitimate-interest',
] as const;

export const TransferSafeguard = T.Object(
  {
    mechanism: T.Enum(TRANSFER_MECHANISMS, {
      description:
        'adequacy: an adequacy decision (Art. 45); dpf: the EU-US Data Privacy Framework (an adequacy decision); scc: standard contractual clauses (Art. 46(2)(c)); bcr: binding corporate rules (Art. 47); code-of-conduct (Art. 46(2)(e)); certification (Art. 46(2)(f)); derogation (Art. 49).',
    }),
    derogation: T.Optional(
      T.Enum(DEROGATIONS, { description: 'Which Art. 49 derogation, when mechanism is derogation.' }),
    ),
    copy: T.Optional(localized('Where the person can obtain a copy of the safeguard (Art. 13(1)(f)).')),
    clauses: ClauseRefs,
  },
  { additionalProperties: false },
);

/**
 * IN-21, RT-37: a safeguard the notice says transfers outside the EEA rest on: a mechanism by
 * name, or a derogation of Art. 49(1) by its own name ({ derogation: explicit-consent }).
 */
export const TransferMechanismStated = T.Union(
  [
    T.Enum(
      TRANSFER_MECHANISMS.filter((m) => m !== 'derogation'),
      { description: 'A transfer mechanism other than a derogation (adequacy, dpf, scc, bcr, ...).' },
    ),
    T.Object(
      { derogation: T.Enum(DEROGATIONS, { description: 'Which Art. 49(1) derogation.' }) },
      { additionalProperties: false },
    ),
  ],
  { description: 'A mechanism by name, or { derogation: explicit-consent } for an Art. 49(1) derogation.' },
);

export const RecipientSafeguard = T.Union([Text, TransferSafeguard], {
  description:
    'The transfer safeguard: { mechanism, derogation?, copy? }. A plain text is the older form: accepted, as before, for recipients that are not processors, but not checked.',
});

const OutsideParty = T.Object(
  {
    name: Text,
    address: T.Optional(Text),
    privacyContact: T.Optional(T.String({ format: 'email' })),
    country: T.Optional(Country),
  },
  { additionalProperties: false },
);

export const JointController = T.Object(
  {
    id: Id,
    parties: T.Array(T.Union([Id, OutsideParty]), {
      minItems: 2,
      description: 'The joint controllers: an entity id (controller.entities), or an outside party by name.',
    }),
    purposes: T.Array(Id, { minItems: 1 }),
    essence: T.Optional(
      localized('The essence of the arrangement, made available to the person (Art. 26(2)).'),
    ),
    contactPoint: T.Optional(localized('The contact point for data subjects (Art. 26(1)).')),
    clauses: ClauseRefs,
  },
  {
    additionalProperties: false,
    description: 'Controllers that jointly determine purposes and means (Art. 26).',
  },
);

export type SpecialCategory = Static<typeof SpecialCategory>;
export type TransferMechanismStated = Static<typeof TransferMechanismStated>;
export type TransferSafeguard = Static<typeof TransferSafeguard>;
export type JointController = Static<typeof JointController>;
