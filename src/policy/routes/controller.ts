import { Type as T } from 'typebox';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { languageForReader, localized } from '../../words/words.ts';
import { declaredFeatures, POLICY_FEATURES } from '../features.ts';
import { channelNeedsProof, channelsTaking, portalChannel } from '../rights-defaults.ts';
import { type Policy, RIGHTS } from '../schema.ts';

// What the notice publishes about who is responsible and whom to contact (GDPR Art. 13(1)(a)-(b),
// 13(2)(d)): anyone may read it, so the privacy page shows it before any session exists. Only
// these published fields: nothing else of the policy, nothing about any person.
const Contact = {
  email: T.Optional(T.String({ format: 'email' })),
  address: T.Optional(T.String()),
  url: T.Optional(T.String({ format: 'uri' })),
};

const ControllerNotice = T.Object({
  features: T.Array(T.Enum([...POLICY_FEATURES]), {
    description:
      'The optional parts of the format the policy declares: the privacy page shows a view only for what the policy has',
  }),
  selfServiceRights: T.Array(T.Enum([...RIGHTS]), {
    description:
      'The rights a signed-in person may ask for on their privacy page: those the policy supports through its channel that needs no proof of identity (RT-40), in the policy order; empty when it has none',
  }),
  rightsChannels: T.Array(
    T.Object({
      id: T.String(),
      name: T.String({
        description:
          "The channel's name in the answer's language (`description` in the policy); its id when the policy names it by id only",
      }),
      identityProof: T.Boolean({
        description:
          "A request here waits for staff to check who sent it; false: the channel's login is the proof",
      }),
      rights: T.Array(T.Enum([...RIGHTS]), { description: 'The rights a request here may exercise (RT-40)' }),
    }),
    {
      description:
        'Where a person may send a request (Art. 12(2)), in the policy order: staff record letters, e-mails and the like with the channel they came through',
    },
  ),
  language: T.String({ description: 'The language of the localized texts (one the policy declares)' }),
  languages: T.Array(T.String(), { description: 'The languages the policy declares, its first first' }),
  notice: T.Object({
    id: T.String(),
    version: T.String({ description: 'The notice version in force' }),
    effectiveFrom: T.String({ description: 'When it took effect (a date, or a year and month)' }),
    title: T.String(),
  }),
  controller: T.Object({
    name: T.String(),
    address: T.String(),
    privacyContact: T.String({ format: 'email' }),
    dpo: T.Optional(T.Object({ name: T.Optional(T.String()), ...Contact })),
    supervisoryAuthority: T.Optional(
      T.Object({ name: T.String(), ...Contact }, { description: 'Absent when the notice names none' }),
    ),
  }),
  consentInterfaces: T.Array(
    T.Object({
      id: T.String(),
      description: T.String({ description: 'Where the choice is made, in plain words' }),
      recordedBy: T.Enum(['data-subject', 'controller'] as const, {
        description:
          'data-subject: the person acts themselves; controller: staff write down what the person said',
      }),
      signal: T.Boolean({ description: "A signal the person's device sends (like Global Privacy Control)" }),
    }),
    {
      description:
        "Where a person gives, refuses or withdraws consent, objects, or asks for a restriction (Art. 7(1), 7(3)): each choice on record names one, so the person's history can say how it was made. Garde's own, api and gpc, are not listed.",
    },
  ),
});

/** RT-40: the rights the portal channel (its login is the proof of identity) takes. */
function selfServiceRights(policy: Pick<Policy, 'rights'>) {
  const portal = portalChannel(policy.rights);
  return policy.rights.supported.filter((k) => portal && channelsTaking(policy.rights, k).includes(portal));
}

/** Drops absent fields, so the answer states only what the policy states. */
const present = <V extends Record<string, unknown>>(o: V): V =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as V;

export const controllerNoticeRoute = route({
  method: 'GET',
  url: '/v1/policy/controller',
  operationId: 'getControllerNotice',
  summary:
    'Who the controller is, its DPO and privacy contact, the supervisory authority, the notice version',
  tags: ['policy'],
  roles: 'public',
  schema: {
    querystring: T.Object({ language: LanguageParam }, { additionalProperties: false }),
    response: { 200: ControllerNotice },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ query, headers }, { deps }) {
    const policy = deps.policy;
    const language = languageForReader(policy, askedLanguages(query.language, headers));
    const c = policy.controller;
    const body = {
      features: declaredFeatures(policy),
      selfServiceRights: selfServiceRights(policy),
      rightsChannels: policy.rights.channels.map((c) => ({
        id: c.id,
        name: c.description ? localized(policy, c.description, language) : c.id,
        identityProof: channelNeedsProof(c),
        rights: policy.rights.supported.filter((k) => channelsTaking(policy.rights, k).includes(c.id)),
      })),
      language,
      languages: [...policy.policy.languages],
      notice: {
        id: policy.policy.id,
        version: policy.policy.version,
        effectiveFrom: String(policy.policy.effectiveFrom),
        title: localized(policy, policy.policy.title, language),
      },
      controller: present({
        name: c.name,
        address: c.address,
        privacyContact: c.privacyContact,
        dpo:
          c.dpo && present({ name: c.dpo.name, email: c.dpo.email, address: c.dpo.address, url: c.dpo.url }),
        supervisoryAuthority:
          c.supervisoryAuthority &&
          present({
            name: c.supervisoryAuthority.name,
            email: c.supervisoryAuthority.email,
            address: c.supervisoryAuthority.address,
            url: c.supervisoryAuthority.url,
          }),
      }),
      consentInterfaces: (policy.consentInterfaces ?? []).map((x) => ({
        id: x.id,
        description: localized(policy, x.description, language),
        recordedBy: x.recordedBy,
        signal: x.signal === true,
      })),
    };
    return {
      status: 200,
      body,
      headers: { 'cache-control': 'no-cache', vary: 'Accept-Language', ...contentLanguage(language) },
    };
  },
});
