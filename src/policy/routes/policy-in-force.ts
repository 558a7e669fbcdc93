// The policy in force, for staff (issue 15): the names the console shows for purposes, channels,
// message classes, senders, recipients, retention rules and the controller's other systems (what
// a request's steps are named by, issue 16), and the words of decide()'s reason codes (what a
// suppression is counted under), in the asked language, so no screen types a name from the YAML;
// the DPO's lint results and clause traceability. Nothing of any person.
import { Type as T } from 'typebox';
import { REASONS, type ReasonCode, reasonMessage } from '../../decide/reasons.ts';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { Nullable, protectedErrors } from '../../platform/http/schemas.ts';
import { unruledCategories } from '../../retention/plan.ts';
import { DEFAULT_TASK } from '../../rights/steps-plan.ts';
import type { MessageId } from '../../words/messages.ts';
import { languageForReader, wordsIn } from '../../words/words.ts';
import { type LintFinding, lintPolicy, lintWarnings } from '../lint.ts';
import { isLegalObligation } from '../retention-rules.ts';
import { BUILT_IN_CONSENT_INTERFACES, type Policy } from '../schema.ts';
import { notStated } from '../summary-articles.ts';
import { matrixRows, traceClauses } from '../traceability.ts';

const Named = {
  id: T.String(),
  name: T.String({ description: 'In the answer’s language, from the policy.' }),
};

const PolicyInForce = T.Object({
  language: T.String({ description: 'The language of the names (one the policy declares).' }),
  languages: T.Array(T.String()),
  policy: T.Object({ id: T.String(), version: T.String(), effectiveFrom: T.String(), title: T.String() }),
  purposes: T.Array(
    T.Object({
      ...Named,
      legalBasis: T.String(),
      legalBasisText: T.String(),
      categories: T.Array(T.String()),
    }),
  ),
  categories: T.Array(T.Object(Named)),
  channels: T.Array(
    T.Object({
      ...Named,
      address: Nullable(T.String()),
      batchRecipient: Nullable(
        T.String({
          description:
            'The processor its batch is for (a `recipients` id): a marketer may download the batch for it. null: only the DPO or an administrator may.',
        }),
      ),
    }),
  ),
  rightsChannels: T.Array(
    T.Object({
      id: T.String(),
      name: T.String({
        description:
          'In the answer’s language, from the policy (`rights.channels[].description`); the id when the policy names the channel by id only.',
      }),
    }),
    { description: 'Where a rights request may be received (Art. 12(2)), in the policy order.' },
  ),
  messageClasses: T.Array(
    T.Object({
      ...Named,
      commercial: T.Boolean(),
      countsTowardCap: T.Boolean({
        description: 'Counts toward the cap (false when the policy states none).',
      }),
      purposes: T.Array(T.String()),
      channels: Nullable(T.Array(T.String(), { description: 'null: every channel.' })),
    }),
  ),
  senders: T.Array(
    T.Object({
      id: T.String(),
      name: Nullable(
        T.String({
          description:
            'The name of the recipient or partner controller of that id; null when the policy names it by id only.',
        }),
      ),
    }),
  ),
  recipients: T.Array(
    T.Object({ ...Named, kind: T.String(), country: Nullable(T.String()), purposes: T.Array(T.String()) }),
  ),
  retention: T.Array(
    T.Object({
      id: T.String(),
      category: T.String(),
      categoryName: T.String(),
      duration: Nullable(T.String({ description: 'ISO 8601; null when the notice states no number.' })),
      durationText: T.String({
        description: 'The period in words: the duration and its clock, or the notice’s words.',
      }),
      clock: Nullable(T.String()),
      action: T.String(),
      lifecycles: Nullable(T.Array(T.String())),
      purposes: Nullable(T.Array(T.String())),
      legalObligation: T.Boolean(),
    }),
  ),
  datasets: T.Array(
    T.Object({
      ...Named,
      kind: T.String({ description: 'postgresql, mysql, http or manual.' }),
      taskRole: Nullable(
        T.String({
          description: "manual: the role a request's task in it is for (dpo when the policy names none).",
        }),
      ),
    }),
    {
      description:
        "The controller's other systems (issue 16), in the policy order: what a request's steps are named by. Garde's own tables (`garde`) are not listed.",
    },
  ),
  consentInterfaces: T.Array(
    T.Object({ ...Named, recordedBy: T.Enum(['data-subject', 'controller'] as const), builtIn: T.Boolean() }),
    { description: 'Every source a consent record can name, Garde’s own (api, gpc) included.' },
  ),
  reasons: T.Array(T.Object(Named), {
    description:
      'Every reason code of decide() (`id`) in words: what a campaign’s suppressions and the communications report count under.',
  }),
  cap: Nullable(
    T.Object(
      { max: T.Integer(), window: T.String(), mode: T.String() },
      { description: 'null: the notice states none.' },
    ),
  ),
});

/** A sender is one of the controller's entities (BK-14), or else a recipient or partner the policy names. */
function nameOfSender(p: Policy, id: string): string | null {
  const named = [...(p.controller.entities ?? []), ...p.recipients, ...(p.partnerControllers ?? [])].find(
    (x) => x.id === id,
  );
  return named ? String(named.name) : null;
}

export const getPolicyRoute = route({
  method: 'GET',
  url: '/v1/policy',
  operationId: 'getPolicyInForce',
  summary:
    'The policy in force for staff: purposes, categories, channels, message classes, senders, recipients, retention rules and consent interfaces, named in the asked language',
  tags: ['policy'],
  roles: ['dpo', 'admin', 'marketer', 'agent'],
  schema: {
    querystring: T.Object({ language: LanguageParam }, { additionalProperties: false }),
    response: { 200: PolicyInForce, ...protectedErrors },
  },
  responses: { headers: { 200: ContentLanguageHeader } },
  async handler({ query, headers }, { deps }) {
    const p = deps.policy;
    const language = languageForReader(p, askedLanguages(query.language, headers));
    const w = wordsIn(p, language);
    const categoryName = new Map(p.categories.map((c) => [c.id, w.text(c.description)]));
    const comms = p.communications;
    const body = {
      language,
      languages: [...p.policy.languages],
      policy: {
        id: p.policy.id,
        version: p.policy.version,
        effectiveFrom: String(p.policy.effectiveFrom),
        title: w.text(p.policy.title),
      },
      purposes: p.purposes.map((x) => ({
        id: x.id,
        name: w.text(x.description),
        legalBasis: x.legalBasis,
        legalBasisText: w.say(`legalBasis.${x.legalBasis}` as MessageId),
        categories: [...x.categories],
      })),
      categories: p.categories.map((c) => ({ id: c.id, name: w.text(c.description) })),
      channels: (comms?.channels ?? []).map((c) => ({
        id: c.id,
        name: w.text(c.description),
        address: c.address ?? null,
        batchRecipient: c.batch?.recipient ?? null,
      })),
      rightsChannels: p.rights.channels.map((c) => ({
        id: c.id,
        name: c.description ? w.text(c.description) : c.id,
      })),
      messageClasses: (comms?.messageClasses ?? []).map((m) => ({
        id: m.id,
        name: w.text(m.description),
        commercial: m.commercial,
        countsTowardCap: comms?.cap !== undefined && m.countsTowardCap !== false,
        purposes: [...(m.purposes ?? [])],
        channels: m.channels ? [...m.channels] : null,
      })),
      senders: (comms?.senders ?? []).map((id) => ({ id, name: nameOfSender(p, id) })),
      recipients: p.recipients.map((r) => ({
        id: r.id,
        name: String(r.name),
        kind: r.kind,
        country: r.country ?? null,
        purposes: [...r.purposes],
      })),
      retention: p.retention.map((r) => ({
        id: r.id,
        category: r.category,
        categoryName: categoryName.get(r.category) ?? r.category,
        duration: r.duration ?? null,
        durationText: r.duration ? w.duration(r.duration) : r.period ? w.text(r.period) : '',
        clock: r.clock ?? null,
        action: r.action,
        lifecycles: r.lifecycles ? [...r.lifecycles] : null,
        purposes: r.purposes ? [...r.purposes] : null,
        legalObligation: isLegalObligation(p, r),
      })),
      datasets: (p.datasets ?? []).map((d) => ({
        id: d.id,
        name: w.text(d.description),
        kind: d.kind,
        taskRole: d.kind === 'manual' ? (d.task?.role ?? DEFAULT_TASK.role) : null,
      })),
      consentInterfaces: [
        ...(p.consentInterfaces ?? []).map((x) => ({
          id: x.id,
          name: w.text(x.description),
          recordedBy: x.recordedBy,
          builtIn: false,
        })),
        ...BUILT_IN_CONSENT_INTERFACES.map((id) => ({
          id,
          name: w.say(`source.${id}` as MessageId),
          recordedBy: id === 'gpc' ? ('data-subject' as const) : ('controller' as const),
          builtIn: true,
        })),
      ],
      reasons: (Object.keys(REASONS) as ReasonCode[]).map((id) => ({ id, name: w.say(reasonMessage(id)) })),
      cap: comms?.cap ? { max: comms.cap.max, window: comms.cap.window, mode: comms.cap.mode } : null,
    };
    return {
      status: 200,
      body,
      headers: { 'cache-control': 'no-cache', vary: 'Accept-Language', ...contentLanguage(language) },
    };
  },
});

const PolicyLint = T.Object({
  policy: T.Object({ id: T.String(), version: T.String() }),
  findings: T.Array(T.Object({ path: T.String(), message: T.String(), rule: T.String() }), {
    description:
      'What `garde policy check` refuses (src/policy/lint.ts). A policy with any cannot be put in force, so this is empty unless a check was added since it was loaded.',
  }),
  warnings: T.Array(T.Object({ path: T.String(), message: T.String(), rule: T.String() }), {
    description:
      'What `garde policy check` prints without refusing: a batch whose processor does not take a purpose its channel carries, or a field it holds (src/policy/lint-batches.ts). The decision point refuses such a download.',
  }),
  notStated: T.Array(T.String(), {
    description:
      'What the GDPR asks a notice to state that this policy leaves unsaid (as `garde policy show`): shown, never invented.',
  }),
  unruled: T.Array(T.Object({ category: T.String(), stores: T.Array(T.String()) }), {
    description: 'Categories stored in Garde that no retention rule covers: kept until erased.',
  }),
  noPeriod: T.Array(T.String(), {
    description: 'Retention rules that state no number: nothing goes by itself.',
  }),
});

const flat = (f: LintFinding) => ({ path: f.path.join('.'), message: f.message, rule: f.rule });

export const lintPolicyRoute = route({
  method: 'GET',
  url: '/v1/policy/lint',
  operationId: 'lintPolicyInForce',
  summary:
    'The lint results of the policy in force: what policy check refuses, and what the notice leaves unsaid',
  tags: ['policy'],
  roles: ['dpo', 'admin'],
  schema: { response: { 200: PolicyLint, ...protectedErrors } },
  async handler(_input, { deps }) {
    const p = deps.policy;
    return {
      status: 200,
      body: {
        policy: { id: p.policy.id, version: p.policy.version },
        findings: lintPolicy(p).map(flat),
        warnings: lintWarnings(p).map(flat),
        notStated: notStated(p)
          .map((l) => l.trim())
          .filter((l) => l !== '' && !l.endsWith(':')),
        unruled: unruledCategories(p),
        noPeriod: p.retention.filter((r) => r.duration === undefined).map((r) => r.id),
      },
    };
  },
});

const Traceability = T.Object({
  source: T.String({ description: 'The page the rows come from, read as it is now.' }),
  items: T.Array(
    T.Object({
      clause: T.String(),
      traced: T.Boolean({
        description: 'false: the policy cites the clause but the page has no row for it.',
      }),
      promise: T.String(),
      policyKeys: T.Array(T.Object({ file: T.String(), path: T.String() })),
      enforcedBy: T.Array(T.String(), { description: 'Modules (src/, web/, sdk/, migrations/).' }),
      tests: T.Array(T.String(), { description: 'Test files that fail when the promise is broken.' }),
      enforcement: T.String({ description: 'The page’s cell, Markdown.' }),
      testing: T.String({ description: 'The page’s cell, Markdown.' }),
    }),
    {
      description:
        'One per clause the policy in force cites, in clause order, numbers read as numbers (2 before 10).',
    },
  ),
});

export const policyTraceabilityRoute = route({
  method: 'GET',
  url: '/v1/policy/traceability',
  operationId: 'getClauseTraceability',
  summary:
    'Each clause the policy in force cites: where it is stated, the modules that enforce it and the tests that prove it (docs/compliance-matrix.md)',
  tags: ['policy'],
  roles: ['dpo', 'admin'],
  schema: { response: { 200: Traceability, ...protectedErrors } },
  async handler(_input, { deps }) {
    const items = traceClauses(deps.policy, matrixRows()).map(({ clause, row }) => ({
      clause,
      traced: row !== null,
      promise: row?.promise ?? '',
      policyKeys: row?.policyKeys ?? [],
      enforcedBy: row?.enforcedBy ?? [],
      tests: row?.tests ?? [],
      enforcement: row?.enforcement ?? '',
      testing: row?.testing ?? '',
    }));
    return { status: 200, body: { source: 'docs/compliance-matrix.md', items } };
  },
});

export const POLICY_IN_FORCE_ROUTES = [getPolicyRoute, lintPolicyRoute, policyTraceabilityRoute];
