// Demo phone numbers in the country's own numbering plan. faker's locales do not all know their
// country's plan (its Italian numbers start with any code), so the plan comes from libphonenumber's
// metadata (awesome-phonenumber): the country's example mobile number keeps its leading digits
// and the rest is drawn, in international format (+39 312 685 8650). Checking each number costs
// ~150 µs, too slow for 10,000 people; so how many leading digits to keep is found once per
// country, as the fewest for which drawn numbers are all valid.
import type { Faker } from '@faker-js/faker';
import { getExample, parsePhoneNumber } from 'awesome-phonenumber';

/** Valid draws needed before a prefix length is trusted. */
const TRIES = 24;

/**
 * A source of mobile numbers for people in `country`, drawn with `faker` (deterministic with
 * its seed). Without a country, or for one libphonenumber has no plan for, the faker locale's
 * own national format.
 */
export function phoneNumbers(country: string | null, faker: Faker): () => string {
  const plan = country ? mobilePlan(country) : null;
  if (!plan) return () => faker.phone.number({ style: 'national' });
  const keep = prefixLength(plan, faker);
  return () => draw(plan, keep, faker);
}

/** The example number in international format, and where its national digits begin. */
type Plan = { international: string; nationalFrom: number };

function mobilePlan(country: string): Plan | null {
  try {
    const example = getExample(country, 'mobile');
    if (!example.valid) return null;
    const { international, e164, significant } = example.number;
    return { international, nationalFrom: e164.length - 1 - significant.length };
  } catch {
    return null;
  }
}

function prefixLength(plan: Plan, faker: Faker): number {
  const digits = plan.international.replace(/\D/g, '').length;
  for (let keep = plan.nationalFrom + 2; keep < digits - 2; keep++) {
    let valid = 0;
    while (valid < TRIES && parsePhoneNumber(draw(plan, keep, faker)).valid) valid++;
    if (valid === TRIES) return keep;
  }
  return digits - 2;
}

/** The example with every digit past the first `keep` (country code included) drawn anew. */
function draw(plan: Plan, keep: number, faker: Faker): string {
  let seen = 0;
  return plan.international.replace(/\d/g, (d) => (seen++ < keep ? d : String(faker.number.int(9))));
}
