// The register's cells on why the data is processed: the Art. 6(1) basis (Art. 30(1)(b) as a DPO
// reads it), the legitimate interest pursued (Art. 13(1)(d)) and, for special categories, the
// Art. 9(2) condition. Pure.
import { ART6_LETTER } from '../policy/legal-bases.ts';
import type { Policy, Purpose } from '../policy/schema.ts';
import type { MessageId } from '../words/messages.ts';
import type { Words } from '../words/words.ts';
import { cellOf } from './cells.ts';

export function legalBasisCell(x: Purpose, w: Words): string {
  const basis = w.say(`register.basis.${x.legalBasis}` as MessageId);
  const text = x.consent?.explicit ? w.say('register.explicit', { basis }) : basis;
  return w.say('register.article', { text, article: `6(1)(${ART6_LETTER[x.legalBasis]})` });
}

export function legitimateInterestCell(x: Purpose, w: Words): string {
  if (x.legalBasis !== 'legitimate-interest') return w.say('register.notApplicable');
  const li = x.legitimateInterest;
  const parts = [
    ...(li?.interest ? [w.text(li.interest)] : [w.say('register.notStated')]),
    ...(li?.balancingTest ? [w.say('register.balancingTest', { where: w.text(li.balancingTest) })] : []),
  ];
  return parts.join('; ');
}

/** IN-6: per special category the purpose uses, the condition it states for itself, else the category's. */
export function specialConditionCell(policy: Policy, x: Purpose, w: Words): string {
  const parts = x.categories.flatMap((id) => {
    const c = policy.categories.find((y) => y.id === id);
    if (!c?.special) return [];
    const category = w.text(c.description);
    const letter = x.special?.find((s) => s.category === id)?.condition ?? c.special.condition;
    return [
      letter
        ? w.say('register.art9', { category, article: `9(2)(${letter})` })
        : w.say('register.about', { category, text: w.say('register.notStated') }),
    ];
  });
  return cellOf(w, parts, 'register.notApplicable');
}
