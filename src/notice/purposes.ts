// Art. 13(1)(c)-(d), 13(2)(c), (e), (f), 14(1)(c)-(d), 14(2)(f), Art. 9, 10, 21(4), 22: each
// purpose with its legal basis in words (and the legitimate interest pursued, the Art. 9(2)
// condition of special data, whether the data is required), the data and where it comes from,
// and the automated decisions and profiling the policy states.
import { featureNames, modelPurpose, rankingBasis } from '../interests/model.ts';
import { ART6_LETTER } from '../policy/legal-bases.ts';
import type { Purpose } from '../policy/schema.ts';
import type { Art9Condition } from '../policy/schema-detail.ts';
import { article, type Ctx, categoryNames, list, paragraph, type Section, section } from './notice.ts';

const condition = (c: Ctx, letter: Art9Condition) =>
  `${c.code('notice.art9', letter)} (${article(c, 9, 2, letter)})`;

/** Where a consent is withdrawn: the consent interfaces, by their names. */
function interfaces(c: Ctx, ids: readonly string[]): string {
  return c.w.list(
    ids.map((id) => {
      const x = c.policy.consentInterfaces?.find((i) => i.id === id);
      return x ? c.w.text(x.description) : c.code('source', id);
    }),
  );
}

/** Art. 9(2): the condition each special category this purpose uses rests on. */
function specialLines(c: Ctx, x: Purpose): string[] {
  return c.policy.categories
    .filter((k) => k.special && x.categories.includes(k.id))
    .map((k) => {
      const letter = x.special?.find((s) => s.category === k.id)?.condition ?? k.special?.condition;
      const name = c.w.text(k.description);
      return letter
        ? c.say('notice.purpose.special', { category: name, condition: condition(c, letter) })
        : c.say('notice.purpose.specialNotStated', { category: name });
    });
}

function provisionLines(c: Ctx, v: Purpose['provision']): string[] {
  if (!v) return [];
  const out = [c.code('notice.provision', v.requirement)];
  if (v.ifNotProvided) out.push(c.say('notice.provision.ifNot', { consequence: c.w.text(v.ifNotProvided) }));
  return out;
}

function consentLines(c: Ctx, x: Purpose): string[] {
  const k = x.consent;
  if (!k) return [];
  const out = [c.say('notice.purpose.withdraw', { where: interfaces(c, k.withdrawVia) })];
  if (k.incentive) out.push(c.say('notice.purpose.incentive', { incentive: c.w.text(k.incentive) }));
  const cond = k.conditionOf;
  if (cond) {
    const products = (c.policy.products ?? []).filter((p) => cond.products.includes(p.id));
    out.push(
      c.say('notice.purpose.conditionOf', { products: c.w.list(products.map((p) => c.w.text(p.name))) }),
    );
    if (cond.necessity) out.push(c.w.text(cond.necessity));
  }
  return out;
}

function basisLines(c: Ctx, x: Purpose): string[] {
  const out = [
    c.say('notice.purpose.basis', {
      basis: c.code('legalBasis', x.legalBasis),
      article: article(c, 6, 1, ART6_LETTER[x.legalBasis]),
    }),
  ];
  const li = x.legitimateInterest;
  if (x.legalBasis === 'legitimate-interest')
    out.push(
      li?.interest
        ? c.say('notice.purpose.interest', { interest: c.w.text(li.interest) })
        : c.say('notice.purpose.interestNotStated'),
    );
  if (li?.balancingTest) out.push(c.say('notice.purpose.balancing', { test: c.w.text(li.balancingTest) }));
  return out;
}

function purposeLines(c: Ctx, x: Purpose): string[] {
  const out = [...basisLines(c, x), ...specialLines(c, x)];
  out.push(c.say('notice.purpose.data', { categories: c.w.list(categoryNames(c, x.categories)) }));
  if (x.lifecycles?.length)
    out.push(
      c.say('notice.purpose.concerns', {
        who: c.w.list(x.lifecycles.map((l) => c.code('notice.lifecycle', l))),
      }),
    );
  if (x.lookBack) out.push(c.say('notice.purpose.lookBack', { duration: c.w.duration(x.lookBack) }));
  out.push(...provisionLines(c, x.provision), ...consentLines(c, x));
  if (x.directMarketing) out.push(c.say('notice.purpose.directMarketing'));
  if (x.profiling) out.push(c.say('notice.purpose.profiling'));
  if (x.anonymousOption) out.push(c.say('notice.purpose.anonymous'));
  if (x.minimumAge !== undefined) out.push(c.say('notice.purpose.minimumAge', { age: x.minimumAge }));
  return out;
}

export function purposesSection(c: Ctx): Section {
  const children = c.policy.children;
  const blocks = [];
  // Art. 8: below the digital age of consent, a parent gives or authorises it.
  if (children && c.policy.purposes.some((x) => x.offeredToChildren))
    blocks.push(
      paragraph(
        [
          c.say('notice.children.age', { age: children.digitalConsentAge ?? 16 }),
          children.parentalConsent ? c.w.text(children.parentalConsent) : '',
        ]
          .filter(Boolean)
          .join(' '),
      ),
    );
  return section(
    'purposes',
    c.say('notice.purposes.heading'),
    blocks,
    c.policy.purposes.map((x, i) =>
      section(`purpose-${i + 1}`, c.w.text(x.description), [list(purposeLines(c, x))]),
    ),
  );
}

/** What a category's row says beyond its name and sources: Art. 9, 10, 13(2)(e), encryption. */
function categoryNotes(c: Ctx, k: Ctx['policy']['categories'][number]): string {
  const notes: string[] = [];
  if (k.special)
    notes.push(
      k.special.condition
        ? c.say('notice.category.special', { condition: condition(c, k.special.condition) })
        : c.say('notice.category.specialAny'),
    );
  if (k.criminal)
    notes.push(c.say('notice.category.criminal', { authority: c.w.text(k.criminal.authorisedBy) }));
  notes.push(...provisionLines(c, k.provision));
  if (k.fields.some((f) => f.encrypted)) notes.push(c.say('notice.category.encrypted'));
  return notes.join(' ');
}

export function categoriesSection(c: Ctx): Section {
  const p = c.policy;
  const sourceName = (id: string) => {
    const s = p.sources?.find((x) => x.id === id);
    return s ? c.w.text(s.description) : c.code('source', id);
  };
  const rows = p.categories.map((k) => [
    c.w.text(k.description),
    k.sources?.length ? k.sources.map(sourceName) : c.say('notice.notStated'),
    categoryNotes(c, k),
  ]);
  // A column no row fills says nothing: it is left out.
  const noted = rows.some((r) => r[2] !== '');
  return section('data', c.say('notice.data.heading'), [
    paragraph(
      c.say('notice.data.subjects', { who: c.w.list(p.dataSubjects.map((s) => c.w.text(s.description))) }),
    ),
    {
      kind: 'table',
      caption: c.say('notice.data.caption'),
      head: [c.say('notice.table.data'), c.say('notice.table.source'), c.say('notice.table.notes')].slice(
        0,
        noted ? 3 : 2,
      ),
      rows: noted ? rows : rows.map((r) => r.slice(0, 2)),
    },
  ]);
}

/** Art. 13(2)(f), 21: what a profiling purpose computes, from the policy's own words. */
function profilingLogic(c: Ctx, x: Purpose): string {
  const parts = [c.say('report.dataUsed', { categories: c.w.list(categoryNames(c, x.categories)) })];
  if (x.model === 'none') parts.push(c.say('report.noModelLogic'));
  else {
    if (c.policy.tracking?.consentPurpose === x.id) parts.push(c.say('notice.profiling.interests'));
    const products = c.policy.products ?? [];
    if (modelPurpose(c.policy)?.id === x.id && products.length > 0)
      parts.push(
        c.say('report.offerLogic', {
          products: c.w.list(products.map((p) => c.w.text(p.name))),
          basis: rankingBasis(c.w, featureNames(c.policy)),
        }),
      );
  }
  return [...parts, c.say('report.mayObject')].join(' ');
}

export function decisionsSection(c: Ctx): Section {
  const blocks = [];
  const decided = c.policy.purposes.filter((x) => x.automatedDecision);
  if (decided.length === 0) blocks.push(paragraph(c.say('notice.adm.none')));
  for (const x of decided) {
    const a = x.automatedDecision as NonNullable<Purpose['automatedDecision']>;
    const lines = [
      a.logic ? c.say('notice.adm.logic', { logic: c.w.text(a.logic) }) : c.say('notice.adm.logicNotStated'),
      a.significance
        ? c.say('notice.adm.significance', { significance: c.w.text(a.significance) })
        : c.say('notice.adm.significanceNotStated'),
    ];
    const review = a.humanReview;
    if (review) {
      const channels = review.via.map((id) => {
        const ch = c.policy.rights.channels.find((r) => r.id === id);
        return ch?.description ? c.w.text(ch.description) : c.say('notice.rights.channelUnnamed');
      });
      lines.push(c.say('notice.adm.review', { channels: c.w.list(channels) }));
      if (review.description) lines.push(c.w.text(review.description));
    }
    blocks.push(
      paragraph(c.say('notice.adm.decision', { purpose: c.w.text(x.description), effect: a.effect })),
      list(lines),
    );
  }
  const profiled = c.policy.purposes.filter((x) => x.profiling);
  if (profiled.length > 0) {
    blocks.push(paragraph(c.say('notice.profiling.intro')));
    blocks.push(list(profiled.map((x) => `${c.w.text(x.description)} — ${profilingLogic(c, x)}`)));
  }
  return section('decisions', c.say('notice.adm.heading'), blocks);
}
