// Interests and offers over HTTP: the subject sees and deletes their interests (BK-4), offers
// are ranked and explained (BK-5, BK-14), agents see offers and themes but never behaviour
// (BK-13), processors read pseudonymised features of their own purpose (BK-15, EN-8).
import { Type as T } from 'typebox';
import { mayKnow } from '../../keys/need-to-know.ts';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import {
  IdParams,
  Nullable,
  ProblemSchema,
  pageParams,
  protectedErrors,
  Uuid,
} from '../../platform/http/schemas.ts';
import { readerWords } from '../../words/words.ts';
import { deleteInterest, listInterests, offersFor, recordOutcome } from '../interests.ts';
import { processorFeatures } from '../processor-features.ts';

const Id = T.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 });
const Language = T.Object({ language: LanguageParam }, { additionalProperties: false });
const answeredIn = { headers: { 200: ContentLanguageHeader } };
const errors = { ...protectedErrors, 404: ProblemSchema, 422: ProblemSchema };
const Reason = T.Object({ code: T.String(), text: T.String() });

export const listInterestsRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/interests',
  operationId: 'listInterests',
  feature: 'tracking',
  summary: 'The interests derived about a subject, each with the signals behind it in plain words',
  tags: ['interests'],
  roles: ['customer', 'dpo', 'admin'],
  subjectScoped: true,
  reveals: ['profiling'],
  schema: {
    params: IdParams,
    querystring: Language,
    response: {
      // Whole, like every list bounded by the policy (one interest per topic): `{ items }`.
      200: T.Object({
        purpose: Nullable(
          T.Object(
            { id: T.String(), description: T.String() },
            { description: 'The purpose the interests are derived under, as the notice describes it' },
          ),
        ),
        items: T.Array(
          T.Object({
            topic: T.String(),
            score: T.Number(),
            why: T.Array(T.String()),
            scoredAt: T.String({ format: 'date-time' }),
          }),
        ),
      }),
      ...errors,
    },
  },
  responses: answeredIn,
  async handler({ params, query, headers }, { deps }) {
    const asked = askedLanguages(query.language, headers);
    const { language, purpose, items } = await listInterests(deps, params.id, asked);
    return { status: 200, body: { purpose, items }, headers: contentLanguage(language) };
  },
});

export const deleteInterestRoute = route({
  method: 'DELETE',
  url: '/v1/subjects/:id/interests/:topic',
  operationId: 'deleteInterest',
  feature: 'tracking',
  summary: 'Delete an interest: removed now and never inferred again',
  tags: ['interests'],
  roles: ['customer', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: T.Object({ id: Uuid, topic: Id }, { additionalProperties: false }),
    response: { 204: T.Null(), ...errors },
  },
  async handler({ params }, { deps, actor }) {
    await deleteInterest(deps, params.id, params.topic, actor);
    return { status: 204 };
  },
});

export const offersRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/offers',
  operationId: 'listOffers',
  feature: 'products',
  summary:
    'Products to propose, ranked and explained; each checked by decide() for its purpose and sender, with the themes the customer linked',
  tags: ['interests'],
  // BK-13: branch and contact-center agents propose; marketers work on audiences, not on a
  // person's holdings and themes (which this answer carries).
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    querystring: T.Object(
      {
        language: LanguageParam,
        channel: T.Optional(
          T.String({
            pattern: '^[a-z][a-z0-9-]*$',
            maxLength: 100,
            description:
              'Where the offers would be made (a channel of the policy): a purpose taking consent per channel counts only if it holds on that channel. Absent: on any of its channels.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    response: {
      200: T.Object({
        ranking: T.String(),
        rankingReason: T.String(),
        offers: T.Array(
          T.Object({
            product: T.String(),
            name: T.String(),
            domain: T.String(),
            sender: T.String(),
            purpose: T.String(),
            score: Nullable(T.Number()),
            why: T.Array(T.String()),
          }),
        ),
        excluded: T.Array(T.Object({ product: T.String(), reasons: T.Array(Reason) })),
        themes: T.Array(T.Object({ theme: T.String(), productCode: T.String(), accountRef: T.String() })),
      }),
      ...errors,
    },
  },
  responses: answeredIn,
  async handler({ params, query, headers }, { deps, principal }) {
    // BK-13: staff see what to propose, never what the model inferred about the person.
    const reader = { profiling: mayKnow(principal.role, 'profiling') };
    const asked = askedLanguages(query.language, headers);
    const { language, ...offers } = await offersFor(deps, params.id, asked, reader, query.channel);
    return { status: 200, body: offers, headers: contentLanguage(language) };
  },
});

export const recordOutcomeRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/offer-outcomes',
  operationId: 'recordOfferOutcome',
  feature: 'products',
  summary: 'Record whether an offer was taken up: what the propensity model learns from',
  tags: ['interests'],
  roles: ['agent', 'marketer', 'admin'],
  idempotent: true,
  schema: {
    params: IdParams,
    body: T.Object({ product: Id, accepted: T.Boolean() }, { additionalProperties: false }),
    response: { 201: T.Object({ id: T.Integer() }), ...errors },
  },
  async handler({ params, body }, { deps, actor }) {
    return { status: 201, body: await recordOutcome(deps, params.id, body, actor) };
  },
});

export const processorFeaturesRoute = route({
  method: 'GET',
  url: '/v1/processor/features',
  operationId: 'listProcessorFeatures',
  feature: 'tracking',
  summary: 'Pseudonymised interest scores for the processor’s own purpose; every read is audited',
  tags: ['interests'],
  roles: ['processor'],
  scope: 'features',
  schema: {
    querystring: T.Object(
      {
        purpose: Id,
        ...pageParams(10_000, 1000),
      },
      { additionalProperties: false },
    ),
    response: {
      200: T.Object({
        recipient: T.String(),
        purpose: T.String(),
        items: T.Array(T.Object({ ref: T.String(), interests: T.Record(T.String(), T.Number()) })),
        next: Nullable(T.String()),
      }),
      ...errors,
    },
  },
  async handler({ query, headers }, { deps, actor, principal }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    return {
      status: 200,
      body: await processorFeatures(
        deps,
        principal,
        { purpose: query.purpose, after: query.after, limit: query.limit ?? 1000 },
        actor,
        words,
      ),
    };
  },
});

export const INTEREST_ROUTES = [
  listInterestsRoute,
  deleteInterestRoute,
  offersRoute,
  recordOutcomeRoute,
  processorFeaturesRoute,
];
