// Checks of the GDPR detail a notice may state (src/policy/schema-detail.ts): each finding only
// where what the policy says contradicts the Regulation or itself. What a notice leaves unsaid
// is not invented here; `garde policy show` lists it as not stated.
import type { LintFinding } from './lint-finding.ts';
import type { Policy, Purpose } from './schema.ts';
import type { Art9Condition } from './schema-detail.ts';

export function lintArticles(p: Policy): LintFinding[] {
  return [
    ...legitimateInterests(p),
    ...specialCategories(p),
    ...automatedDecisions(p),
    ...consentFreedom(p),
    ...children(p),
    ...controllers(p),
  ];
}

/** Art. 6(1)(f): a stated interest belongs to a purpose that rests on legitimate interest. */
function legitimateInterests(p: Policy): LintFinding[] {
  return p.purposes.flatMap((x, i) =>
    x.legitimateInterest && x.legalBasis !== 'legitimate-interest'
      ? [
          {
            path: ['purposes', i, 'legitimateInterest'],
            message: `purpose "${x.id}" states a legitimate interest but rests on ${x.legalBasis}`,
            rule: 'legitimate-interest',
          },
        ]
      : [],
  );
}

/**
 * Art. 9: a special category needs its Art. 9(2) condition, and the purposes using it must fit
 * it. IN-6: a purpose may state its own condition per category (purposes[].special), besides its
 * Art. 6 basis: a contract purpose using health data on explicit consent (a), statistics on (j).
 * The category's condition binds a purpose that states none.
 */
function specialCategories(p: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  const conditions = new Map<string, Art9Condition | undefined>();
  p.categories.forEach((c, i) => {
    if (!c.special) return;
    conditions.set(c.id, c.special.condition);
    const everyUseStates = p.purposes.every(
      (x) => !x.categories.includes(c.id) || x.special?.some((s) => s.category === c.id),
    );
    const used = p.purposes.some((x) => x.categories.includes(c.id));
    if (!c.special.condition && !(used && everyUseStates))
      out.push({
        path: ['categories', i, 'special'],
        message: `category "${c.id}" is a special category (Art. 9(1), ${c.special.kind}) but states no Art. 9(2) condition (special.condition: a to j, or per purpose: purposes[].special)`,
        rule: 'special-category',
      });
  });
  p.purposes.forEach((x, i) => {
    out.push(...purposeConditionFindings(x, i, conditions));
    x.categories.forEach((id, k) => {
      if (!conditions.has(id)) return;
      const path = ['purposes', i, 'categories', k];
      const own = x.special?.find((s) => s.category === id)?.condition;
      const condition = own ?? conditions.get(id);
      // Issue requirement: whatever condition is claimed, marketing or profiling on legitimate
      // interest cannot use a special category (Art. 9(2) has no legitimate-interest condition).
      if ((x.directMarketing || x.profiling) && x.legalBasis === 'legitimate-interest')
        out.push({
          path,
          message: `purpose "${x.id}" uses special category "${id}" for ${x.directMarketing ? 'direct marketing' : 'profiling'} on legitimate interest: Art. 9(2) has no legitimate-interest condition; only explicit consent (a) could cover it`,
          rule: 'special-category',
        });
      else if (own === undefined && condition === 'a' && !explicitConsent(x))
        out.push({
          path,
          message: `purpose "${x.id}" uses special category "${id}", whose condition is explicit consent (Art. 9(2)(a)), but does not rest on explicit consent (legalBasis consent, consent.explicit), nor states the condition it rests on for it (special: [{ category: ${id}, condition: a }])`,
          rule: 'special-category',
        });
      else if (own === 'a' && x.legalBasis === 'consent' && x.consent?.explicit !== true)
        out.push({
          path,
          message: `purpose "${x.id}" rests on consent and claims explicit consent (Art. 9(2)(a)) for "${id}", but its consent is not explicit (consent.explicit: true)`,
          rule: 'special-category',
        });
      // Art. 22(4): automated decisions on special categories only under Art. 9(2)(a) or (g).
      if (x.automatedDecision && condition && condition !== 'a' && condition !== 'g')
        out.push({
          path,
          message: `purpose "${x.id}" makes automated decisions on special category "${id}": Art. 22(4) allows that only on explicit consent (a) or substantial public interest (g), not (${condition})`,
          rule: 'automated-decision',
        });
    });
  });
  return out;
}

/** A purpose's own condition names a special category it uses, once. */
function purposeConditionFindings(
  x: Purpose,
  i: number,
  conditions: ReadonlyMap<string, Art9Condition | undefined>,
): LintFinding[] {
  const seen = new Set<string>();
  return (x.special ?? []).flatMap((s, k): LintFinding[] => {
    const path = ['purposes', i, 'special', k, 'category'];
    const problem = !x.categories.includes(s.category)
      ? `purpose "${x.id}" states a condition for "${s.category}", which is not one of its categories`
      : !conditions.has(s.category)
        ? `"${s.category}" is not a special category (categories[].special): it needs no Art. 9(2) condition`
        : seen.has(s.category)
          ? `purpose "${x.id}" states a condition for "${s.category}" twice`
          : undefined;
    seen.add(s.category);
    return problem ? [{ path, message: problem, rule: 'special-category' }] : [];
  });
}

const explicitConsent = (x: Purpose) => x.legalBasis === 'consent' && x.consent?.explicit === true;

/** Art. 22(2)-(3): the exceptions that allow a solely automated decision, and its safeguard. */
function automatedDecisions(p: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  p.purposes.forEach((x, i) => {
    const adm = x.automatedDecision;
    if (!adm) return;
    // (a) contract necessity, (b) authorised by law (a legal obligation or a public task), (c) explicit consent.
    const exception =
      x.legalBasis === 'contract'
        ? 'a'
        : x.legalBasis === 'legal-obligation' || x.legalBasis === 'public-task'
          ? 'b'
          : explicitConsent(x)
            ? 'c'
            : undefined;
    if (!exception)
      out.push({
        path: ['purposes', i, 'legalBasis'],
        message: `purpose "${x.id}" makes solely automated decisions with ${adm.effect === 'legal' ? 'legal' : 'similarly significant'} effect, which Art. 22(2) allows only when necessary for a contract, authorised by law or on explicit consent, not on ${x.legalBasis === 'consent' ? 'consent that is not explicit' : x.legalBasis}`,
        rule: 'automated-decision',
      });
    // Art. 22(3): under (a) and (c) the person may obtain human intervention and contest the decision.
    if (exception !== 'b' && !adm.humanReview)
      out.push({
        path: ['purposes', i, 'automatedDecision'],
        message: `purpose "${x.id}" makes solely automated decisions but names no way to obtain human review (automatedDecision.humanReview.via, Art. 22(3))`,
        rule: 'automated-decision',
      });
  });
  return out;
}

/** Art. 7(4): consent is not free if a contract, or the data itself, is made conditional on it. */
function consentFreedom(p: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  p.purposes.forEach((x, i) => {
    const c = x.consent;
    if (x.legalBasis !== 'consent') {
      if (c?.incentive || c?.conditionOf)
        out.push({
          path: ['purposes', i, 'consent'],
          message: `purpose "${x.id}" states a consent incentive or condition but rests on ${x.legalBasis}, not consent`,
          rule: 'consent-freedom',
        });
      return;
    }
    if (c?.conditionOf && !c.conditionOf.necessity)
      out.push({
        path: ['purposes', i, 'consent', 'conditionOf'],
        message: `purpose "${x.id}" makes ${c.conditionOf.products.join(', ')} conditional on consent: Art. 7(4) allows that only for processing necessary for the contract; state why (conditionOf.necessity) or drop the condition`,
        rule: 'consent-freedom',
      });
    const required = x.provision?.requirement;
    const necessary = required === 'contract-prerequisite' && c?.conditionOf?.necessity;
    if (required && required !== 'voluntary' && !necessary)
      out.push({
        path: ['purposes', i, 'provision', 'requirement'],
        message: `purpose "${x.id}" rests on consent, so giving its data cannot be ${required} (Art. 7(4)): it is voluntary`,
        rule: 'consent-freedom',
      });
  });
  return out;
}

/** Art. 8(1): consent below the age of digital consent is given or authorised by a parent. */
function children(p: Policy): LintFinding[] {
  const ages = [p.children?.digitalConsentAge ?? 16, ...Object.values(p.children?.byCountry ?? {})];
  const highest = Math.max(...ages);
  return p.purposes.flatMap((x, i) =>
    x.offeredToChildren &&
    x.legalBasis === 'consent' &&
    (x.minimumAge ?? 0) < highest &&
    !p.children?.parentalConsent
      ? [
          {
            path: ['purposes', i, 'offeredToChildren'],
            message: `purpose "${x.id}" asks children for consent below the age of digital consent (${highest}, Art. 8(1)): state how a parent gives or authorises it (children.parentalConsent), or set minimumAge: ${highest}`,
            rule: 'children',
          },
        ]
      : [],
  );
}

/** Art. 26: a purpose two entities each control is a joint arrangement, which the policy must state. */
function controllers(p: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  const claimed = new Map<string, string[]>();
  for (const e of p.controller.entities)
    for (const id of e.controllerOf ?? []) claimed.set(id, [...(claimed.get(id) ?? []), e.id]);
  p.controller.entities.forEach((e, i) => {
    (e.controllerOf ?? []).forEach((id, k) => {
      const owners = claimed.get(id) ?? [];
      if (owners.length < 2) return;
      const joint = (p.jointControllers ?? []).some(
        (j) => j.purposes.includes(id) && owners.every((o) => j.parties.includes(o)),
      );
      if (!joint)
        out.push({
          path: ['controller', 'entities', i, 'controllerOf', k],
          message: `purpose "${id}" has several controllers (${owners.join(', ')}) but no joint arrangement names them (jointControllers, Art. 26)`,
          rule: 'controllers',
        });
    });
  });
  return out;
}
