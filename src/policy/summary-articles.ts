// The GDPR detail of a policy (src/policy/schema-detail.ts) as lines of `garde policy show`,
// and what a notice must state but this one does not (shown, never invented).
import type { Policy, Purpose, Recipient } from './schema.ts';
import { ART9_CONDITIONS, type TransferMechanism } from './schema-detail.ts';
import { EEA_COUNTRIES, type UnstatedCountryGround, unstatedCountryGround } from './transfers.ts';

/** RT-32, IN-10: what a recipient whose country is not stated receives data on (transfers.ts). */
const UNSTATED_GROUND: Record<UnstatedCountryGround, string> = {
  'eea-promised': 'in the EEA as the policy promises for its kind (transfers.establishedInEea)',
  safeguard: 'its safeguard holds wherever it is',
  'policy-mechanisms': 'if outside the EEA, on the mechanisms the notice lists (transfers.mechanisms)',
};

type Localized = string | Record<string, string>;
const say = (value: Localized, language: string): string =>
  typeof value === 'string' ? value : (value[language] ?? Object.values(value)[0] ?? '');

const MECHANISMS: Record<TransferMechanism, string> = {
  adequacy: 'adequacy decision (Art. 45)',
  dpf: 'EU-US Data Privacy Framework (adequacy decision, Art. 45)',
  scc: 'standard contractual clauses (Art. 46(2)(c))',
  bcr: 'binding corporate rules (Art. 47)',
  'code-of-conduct': 'code of conduct (Art. 46(2)(e))',
  certification: 'certification (Art. 46(2)(f))',
  derogation: 'derogation (Art. 49(1))',
};

/** Who controls what, when the controller is not alone (Art. 26, group companies). */
export function controllerLines(p: Policy, language: string): string[] {
  const out = p.controller.entities
    .filter((e) => e.controllerOf)
    .map((e) => `  ${e.id} is the controller of: ${e.controllerOf?.join(', ')}`);
  for (const j of p.jointControllers ?? []) {
    const parties = j.parties.map((x) => (typeof x === 'string' ? x : x.name)).join(' + ');
    out.push(`  joint controllers ${j.id} (Art. 26): ${parties}, for ${j.purposes.join(', ')}`);
    if (j.essence) out.push(`    essence: ${say(j.essence, language)}`);
    if (j.contactPoint) out.push(`    contact point: ${say(j.contactPoint, language)}`);
  }
  return out;
}

/** What a purpose states beyond its basis and categories, one indented line each. */
export function purposeDetailLines(x: Purpose, language: string): string[] {
  const out: string[] = [];
  const li = x.legitimateInterest;
  if (li?.interest) out.push(`interest pursued: ${say(li.interest, language)}`);
  if (li?.balancingTest) out.push(`balancing test: ${say(li.balancingTest, language)}`);
  const adm = x.automatedDecision;
  if (adm) {
    out.push(
      `solely automated decisions, ${adm.effect === 'legal' ? 'legal' : 'similarly significant'} effect (Art. 22)${adm.humanReview ? `; human review via ${adm.humanReview.via.join(', ')}` : ''}`,
    );
    if (adm.logic) out.push(`  logic: ${say(adm.logic, language)}`);
    if (adm.significance) out.push(`  significance: ${say(adm.significance, language)}`);
  }
  if (x.provision) out.push(provisionLine(x.provision, language));
  if (x.offeredToChildren)
    out.push(`offered to children${x.minimumAge === undefined ? '' : `, from age ${x.minimumAge}`} (Art. 8)`);
  else if (x.minimumAge !== undefined) out.push(`from age ${x.minimumAge}`);
  if (x.consent?.incentive) out.push(`incentive for consent: ${say(x.consent.incentive, language)}`);
  const cond = x.consent?.conditionOf;
  if (cond)
    out.push(
      `consent is a condition of ${cond.products.join(', ')}${cond.necessity ? `: ${say(cond.necessity, language)}` : ''}`,
    );
  return out.map((l) => `      ${l}`);
}

function provisionLine(v: NonNullable<Purpose['provision']>, language: string): string {
  return `data ${v.requirement === 'voluntary' ? 'voluntary' : `required (${v.requirement})`}${v.ifNotProvided ? `; if not given: ${say(v.ifNotProvided, language)}` : ''}`;
}

/** Special categories, criminal data and per-category requirements. */
export function categoryLines(p: Policy, language: string): string[] {
  const out: string[] = [];
  for (const c of p.categories) {
    if (c.special) {
      const cond = c.special.condition;
      out.push(
        `  ${c.id.padEnd(24)} special (Art. 9: ${c.special.kind})${cond ? `, Art. 9(2)(${cond}) ${ART9_CONDITIONS[cond]}` : ''}`,
      );
      // IN-6: the condition a purpose states for itself.
      for (const x of p.purposes)
        for (const s of x.special ?? [])
          if (s.category === c.id)
            out.push(`    for ${x.id}: Art. 9(2)(${s.condition}) ${ART9_CONDITIONS[s.condition]}`);
    }
    if (c.criminal)
      out.push(
        `  ${c.id.padEnd(24)} criminal data (Art. 10), authorised by ${say(c.criminal.authorisedBy, language)}`,
      );
    if (c.provision) out.push(`  ${c.id.padEnd(24)} ${provisionLine(c.provision, language)}`);
  }
  return out;
}

/** Where a recipient outside the EEA gets its data from, after its country. */
export function transferNote(r: Recipient, p: Pick<Policy, 'transfers'>): string {
  const ground = unstatedCountryGround(r, p);
  if (ground) return ` (country not stated: ${UNSTATED_GROUND[ground]})`;
  if ((r.country !== undefined && EEA_COUNTRIES.has(r.country)) || r.safeguard === undefined) return '';
  if (typeof r.safeguard === 'string') return ` (outside the EEA: ${r.safeguard})`;
  const which = r.safeguard.derogation ? `: ${r.safeguard.derogation}` : '';
  return ` (outside the EEA: ${MECHANISMS[r.safeguard.mechanism]}${which})`;
}

export function childrenLine(p: Policy, language: string): string[] {
  const c = p.children;
  if (!c) return [];
  const countries = Object.entries(c.byCountry ?? {}).map(([k, v]) => `${k} ${v}`);
  return [
    `Children: digital consent from age ${c.digitalConsentAge ?? 16}${countries.length ? ` (${countries.join(', ')})` : ''}${c.parentalConsent ? `; below it: ${say(c.parentalConsent, language)}` : ''}`,
  ];
}

/** What the GDPR asks a notice to state that this policy leaves unsaid. Shown, never invented. */
export function notStated(p: Policy): string[] {
  const out: string[] = [];
  const liWithout = p.purposes
    .filter((x) => x.legalBasis === 'legitimate-interest' && !x.legitimateInterest?.interest)
    .map((x) => x.id);
  if (liWithout.length)
    out.push(`  the legitimate interest pursued (Art. 13(1)(d)): ${liWithout.join(', ')}`);
  const admWithout = p.purposes
    .filter((x) => x.automatedDecision && (!x.automatedDecision.logic || !x.automatedDecision.significance))
    .map((x) => x.id);
  if (admWithout.length)
    out.push(
      `  the logic, significance and consequences of automated decisions (Art. 13(2)(f)): ${admWithout.join(', ')}`,
    );
  const jointWithout = (p.jointControllers ?? []).filter((j) => !j.essence).map((j) => j.id);
  if (jointWithout.length)
    out.push(`  the essence of the joint-controller arrangement (Art. 26(2)): ${jointWithout.join(', ')}`);
  // A notice that states no period for a category is encoded as it is: nothing of it is deleted
  // automatically (the retention report lists it as unruled), and the gap shows here.
  const ruled = new Set(p.retention.map((r) => r.category));
  const unruled = p.categories.filter((c) => !ruled.has(c.id)).map((c) => c.id);
  if (unruled.length) out.push(`  how long these categories are kept (Art. 13(2)(a)): ${unruled.join(', ')}`);
  // RT-32, IN-10: named by kind only; shown so the DPO sees what Garde cannot check.
  const nowhere = p.recipients.filter((r) => r.country === undefined).map((r) => r.id);
  if (nowhere.length)
    out.push(`  where these recipients are established (Art. 13(1)(e)-(f)): ${nowhere.join(', ')}`);
  // Issue 13: a category whose every rule names purposes states no period for the others using it.
  const unstated = p.purposes.flatMap((x) =>
    x.categories
      .filter((c) => {
        const rules = p.retention.filter((r) => r.category === c);
        return rules.length > 0 && rules.every((r) => r.purposes && !r.purposes.includes(x.id));
      })
      .map((c) => `${x.id}/${c}`),
  );
  if (unstated.length)
    out.push(`  how long these purposes keep these categories (Art. 13(2)(a)): ${unstated.join(', ')}`);
  const unchecked = p.recipients.filter((r) => typeof r.safeguard === 'string').map((r) => r.id);
  if (unchecked.length)
    out.push(`  a transfer safeguard Garde can check (free text only): ${unchecked.join(', ')}`);
  return out.length ? ['', 'Not stated by this policy:', ...out] : [];
}
