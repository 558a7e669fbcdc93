// Where the demo's people live and which language they speak, from the policy: its `languages`
// and its controller's `country`. Each language gets a faker for names (that language as spoken
// in the country when faker has it: fr_BE, de_AT; else the language's own locale) and one for
// places (the country's own locale, so addresses and postal codes are in its format; for a
// language faker has not for that country, the country's main language as CLDR gives it, e.g.
// an English speaker in Belgium gets a Belgian address). Phone numbers come from phones.ts.
//
// Without `controller.country` the policy does not say where people live: the demo then claims
// no country (the `country` column stays empty) and writes addresses and phone numbers in each
// language's own faker locale, a neutral choice that states nothing the policy does not.
import { allLocales, base, en, Faker, type LocaleDefinition } from '@faker-js/faker';
import type { Policy } from '../policy/schema.ts';
import { phoneNumbers } from './phones.ts';

export type DemoLocale = {
  language: string;
  /** Share of the population, 0..1; the shares add up to 1. */
  share: number;
  names: Faker;
  places: Faker;
  phone: () => string;
};

const LOCALES = allLocales as Record<string, LocaleDefinition>;

/**
 * One locale per declared language, deterministic from `seed`. Shares fall with the order the
 * policy lists its languages (1, 1/2, 1/3, ... normalised): the first is taken for the notice's
 * main language; the policy states no proportions, so none is claimed beyond that order.
 */
export function demoLocales(policy: Policy, seed: number): DemoLocale[] {
  const country = policy.controller.country ?? null;
  const languages = [...new Set(policy.policy.languages)];
  const total = languages.reduce((sum, _, i) => sum + 1 / (i + 1), 0);
  return languages.map((language, i) => {
    const names = new Faker({ locale: nameLocales(language, country) });
    const places = new Faker({ locale: placeLocales(language, country) });
    names.seed(seed + 2 * i);
    places.seed(seed + 2 * i + 1);
    return {
      language,
      share: 1 / (i + 1) / total,
      names,
      places,
      phone: phoneNumbers(country, places),
    };
  });
}

/**
 * The language as spoken in the country, then the language's own locale (faker's fr_BE leans on
 * fr for what it lacks), then English.
 */
export function nameLocales(language: string, country: string | null): LocaleDefinition[] {
  return chain([
    country ? LOCALES[`${language}_${country}`] : undefined,
    LOCALES[language] ?? Object.values(LOCALES).find((l) => l.metadata?.language === language),
  ]);
}

/** The country's own locale (in the person's language when faker has it), for addresses. */
export function placeLocales(language: string, country: string | null): LocaleDefinition[] {
  if (!country) return nameLocales(language, null);
  const own = LOCALES[`${language}_${country}`];
  if (own) return nameLocales(language, country);
  const main = mainLanguage(country);
  const inCountry = Object.values(LOCALES).filter((l) => l.metadata?.country === country);
  const local = inCountry.find((l) => l.metadata?.language === main) ?? inCountry[0];
  const spoken = local?.metadata?.language ?? main;
  if (!local && !(spoken && LOCALES[spoken])) return nameLocales(language, null);
  return chain([local, spoken ? LOCALES[spoken] : undefined]);
}

function chain(locales: (LocaleDefinition | undefined)[]): LocaleDefinition[] {
  return [...new Set([...locales.filter((l): l is LocaleDefinition => l !== undefined), en, base])];
}

/** The language most spoken in the country (CLDR likely subtags, as Node's Intl holds them). */
function mainLanguage(country: string): string | undefined {
  try {
    const language = new Intl.Locale(`und-${country}`).maximize().language;
    return language === 'und' ? undefined : language;
  } catch {
    return undefined;
  }
}
