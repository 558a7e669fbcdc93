// The record of processing activities (GDPR Art. 30), from the policy alone: one row per
// processing activity (each purpose is one) with every column Art. 30(1) asks of a controller,
// and, where the policy acts as a processor for partners (`partnerControllers`, EN-2), the
// Art. 30(2) table. Every cell is words in the register's language: a period in words, never
// P10Y; a country by its name, never its code; "not stated" where the policy says nothing,
// never a blank. Pure: the same policy and language give the same register.
import { elsewhereOf, storesOf } from '../datasets/storage.ts';
import { effectiveDateWords } from '../policy/effective-date.ts';
import { GARDE_DATASET, type Policy, type Purpose } from '../policy/schema.ts';
import type { MessageId } from '../words/messages.ts';
import { type Words, wordsIn } from '../words/words.ts';
import { legalBasisCell, legitimateInterestCell, specialConditionCell } from './basis-cells.ts';
import { cellOf } from './cells.ts';
import { recipientsCell, retentionCell, securityCell, transfersCell } from './disclosure-cells.ts';

/** Art. 30(1)(a)-(g), with the legal basis, sources and places a DPO expects beside them. */
export const CONTROLLER_COLUMNS = [
  'purpose',
  'controller',
  'jointControllers',
  'dpo',
  'legalBasis',
  'legitimateInterest',
  'specialCondition',
  'dataSubjects',
  'dataCategories',
  'sources',
  'recipients',
  'transfers',
  'retention',
  'security',
  'storage',
] as const;

/** Art. 30(2)(a)-(d): the processor, each controller it acts for, what it does for them, transfers, security. */
export const PROCESSOR_COLUMNS = [
  'onBehalfOf',
  'processor',
  'dpo',
  'processing',
  'transfers',
  'security',
] as const;

export type ControllerColumn = (typeof CONTROLLER_COLUMNS)[number];
export type ProcessorColumn = (typeof PROCESSOR_COLUMNS)[number];

export type Table<C extends string> = {
  /** The table's heading: "As controller (Art. 30(1))" or "As processor (Art. 30(2))". */
  title: string;
  /** The column ids, in order, each with its header in the register's language. */
  columns: { id: C; title: string }[];
  /** `id`: the purpose (or partner) the row is about; `cells`: one text per column, never empty. */
  rows: { id: string; cells: Record<C, string> }[];
};

export type Register = {
  language: string;
  title: string;
  /** The policy the register was drawn from, in words ("Generated from the policy …"). */
  generatedFrom: string;
  policy: { id: string; version: string; effectiveFrom: string };
  /** Art. 30(1): one row per purpose, in the policy's order. */
  controller: Table<ControllerColumn>;
  /** Art. 30(2): one row per partner the policy processes for; null when it processes for none. */
  processor: Table<ProcessorColumn> | null;
};

/**
 * The register of `policy` in `language` (one the policy declares: the caller checks, see
 * `declaredLanguage`). Source: GDPR Art. 30(1) and (2); EN-2 for the processor table.
 */
export function registerOf(policy: Policy, language: string): Register {
  const w = wordsIn(policy, language);
  const p = policy.policy;
  return {
    language,
    title: w.say('register.title', { controller: policy.controller.name }),
    generatedFrom: w.say('register.generated', {
      title: w.text(p.title),
      version: p.version,
      date: effectiveDateWords(String(p.effectiveFrom), language),
    }),
    policy: { id: p.id, version: p.version, effectiveFrom: String(p.effectiveFrom) },
    controller: {
      title: w.say('register.asController'),
      columns: CONTROLLER_COLUMNS.map((id) => ({ id, title: w.say(`register.col.${id}` as MessageId) })),
      rows: policy.purposes.map((x) => ({ id: x.id, cells: activityCells(policy, x, w) })),
    },
    processor: processorTable(policy, w),
  };
}

/** The language a register may be asked in: one the policy declares, or undefined. */
export const declaredLanguage = (policy: Policy, asked: string): string | undefined =>
  policy.policy.languages.find((l) => l === asked.trim().toLowerCase());

function activityCells(policy: Policy, x: Purpose, w: Words): Record<ControllerColumn, string> {
  return {
    purpose: w.text(x.description),
    controller: controllerCell(policy, x),
    jointControllers: jointControllersCell(policy, x, w),
    dpo: dpoCell(policy, w),
    legalBasis: legalBasisCell(x, w),
    legitimateInterest: legitimateInterestCell(x, w),
    specialCondition: specialConditionCell(policy, x, w),
    dataSubjects: dataSubjectsCell(policy, x, w),
    dataCategories: categoriesCell(policy, x.categories, w),
    sources: sourcesCell(policy, x, w),
    recipients: recipientsCell(policy, x, w),
    transfers: transfersCell(policy, x, w),
    retention: retentionCell(policy, x, w),
    security: securityCell(policy, w),
    storage: storageCell(policy, x, w),
  };
}

/** Art. 30(1)(a): the controller of this purpose: a group company that controls it, else the policy's. */
function controllerCell(policy: Policy, x: Purpose): string {
  const c = policy.controller;
  const entity = c.entities.find((e) => e.controllerOf?.includes(x.id));
  if (entity) return [entity.name, entity.address, entity.privacyContact].filter(Boolean).join(', ');
  return [c.name, c.address, c.privacyContact].join(', ');
}

/** Art. 26, 30(1)(a): the joint controllers of this purpose, with their contact point. */
function jointControllersCell(policy: Policy, x: Purpose, w: Words): string {
  const entities = new Map(policy.controller.entities.map((e) => [e.id, e.name]));
  const parts = (policy.jointControllers ?? [])
    .filter((j) => j.purposes.includes(x.id))
    .map((j) => {
      const parties = j.parties.map((p) =>
        typeof p === 'string'
          ? (entities.get(p) ?? p)
          : [p.name, p.address, p.privacyContact].filter(Boolean).join(', '),
      );
      const contact = j.contactPoint
        ? [w.say('register.jointContact', { contact: w.text(j.contactPoint) })]
        : [];
      return [w.list(parties), ...contact].join(', ');
    });
  return cellOf(w, parts, 'register.none');
}

/** Art. 30(1)(a), 37(7): the data protection officer and how to reach them. */
function dpoCell(policy: Policy, w: Words): string {
  const d = policy.controller.dpo;
  return d ? [d.name, d.email, d.address, d.url].filter(Boolean).join(', ') : w.say('register.notStated');
}

/**
 * Art. 30(1)(c): the kinds of people the policy declares that this purpose concerns: those of a
 * lifecycle the purpose is limited to (`lifecycles`), or every kind when it is not limited or no
 * declared kind has that lifecycle (the policy then cannot say which).
 */
function dataSubjectsCell(policy: Policy, x: Purpose, w: Words): string {
  const all = policy.dataSubjects;
  const only = x.lifecycles;
  const matching = only ? all.filter((k) => k.lifecycle && only.includes(k.lifecycle)) : all;
  return cellOf(
    w,
    (matching.length > 0 ? matching : all).map((k) => w.text(k.description)),
  );
}

/** Art. 30(1)(c): the categories of personal data, special categories and criminal data said so. */
export function categoriesCell(policy: Policy, ids: readonly string[], w: Words): string {
  const parts = ids.map((id) => {
    const c = policy.categories.find((x) => x.id === id);
    if (!c) return id;
    const name = w.text(c.description);
    if (c.special) return w.say('register.specialCategory', { category: name });
    if (c.criminal) return w.say('register.criminal', { category: name });
    return name;
  });
  return cellOf(w, parts);
}

/** Art. 14(2)(f): where the purpose's data comes from, from its categories' sources. */
function sourcesCell(policy: Policy, x: Purpose, w: Words): string {
  const ids = new Set(
    x.categories.flatMap((id) => policy.categories.find((c) => c.id === id)?.sources ?? []),
  );
  const parts = (policy.sources ?? []).filter((s) => ids.has(s.id)).map((s) => w.text(s.description));
  return cellOf(w, parts);
}

/** Where each category of the purpose is kept: Garde's own tables, the controller's systems. */
function storageCell(policy: Policy, x: Purpose, w: Words): string {
  const parts = x.categories.flatMap((id) => {
    const c = policy.categories.find((y) => y.id === id);
    if (!c) return [];
    const systems = new Set<string>();
    if (
      storesOf(policy, id).length > 0 ||
      (c.storage ?? []).some((s) => (s.dataset ?? GARDE_DATASET) === GARDE_DATASET)
    )
      systems.add(w.say('register.gardeStore'));
    for (const e of elsewhereOf(policy, id)) {
      const d = (policy.datasets ?? []).find((y) => y.id === e.dataset);
      systems.add(d ? w.text(d.description) : e.dataset);
    }
    const text = systems.size > 0 ? [...systems].join(', ') : w.say('register.notStated');
    return [w.say('register.about', { category: w.text(c.description), text })];
  });
  return cellOf(w, parts);
}

/** Art. 30(2), EN-2: per partner controller, what the policy processes for it and how it is secured. */
function processorTable(policy: Policy, w: Words): Table<ProcessorColumn> | null {
  const partners = policy.partnerControllers ?? [];
  if (partners.length === 0) return null;
  const c = policy.controller;
  return {
    title: w.say('register.asProcessor'),
    columns: PROCESSOR_COLUMNS.map((id) => ({ id, title: w.say(`register.col.${id}` as MessageId) })),
    rows: partners.map((partner) => ({
      id: partner.id,
      cells: {
        onBehalfOf: [
          partner.name,
          partner.policyUrl
            ? w.say('register.partnerPolicy', { url: partner.policyUrl })
            : w.say('register.notStated'),
        ].join(', '),
        processor: [c.name, c.address, c.privacyContact].join(', '),
        dpo: dpoCell(policy, w),
        processing: categoriesCell(policy, partner.categories, w),
        // The partner's own policy governs its data (EN-2): this policy states no transfer of it.
        transfers: w.say('register.notStated'),
        security: securityCell(policy, w),
      },
    })),
  };
}
