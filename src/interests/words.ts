// What interests and offers say to people, in the policy's three languages. The customer reads
// these in the preference center and the agent at the counter: plain words, no model jargon.
import type { Language } from '../policy/summary.ts';

export type FeatureKind = 'interest' | 'holds' | 'age' | 'region';

/** "a, b and c" in the language's words. */
export const list = (items: readonly string[], and: string) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;

type Words = {
  signal(what: string, topic: string, count: number, day: string): string;
  interest(topic: string): string;
  holds(product: string): string;
  age(band: string): string;
  region(prefix: string, country: string): string;
  takeUp(percent: number): string;
  /** What a kind of feature is called in "trained on your ..." (interest, holds, age, region). */
  basis: Record<FeatureKind, string>;
  /** `basis`: the kinds of features the model reads, named with `basis`. */
  byModel(day: string, basis: readonly string[]): string;
  noModel: string;
  noProfilingPurpose: string;
  notPersonalised(reasons: string): string;
  /** BK-13: what staff read instead of the person's profile. */
  forStaff: string;
};

export const WORDS: Record<Language, Words> = {
  en: {
    signal: (what, topic, n, day) => `${what} about ${topic}: ${n} time${n === 1 ? '' : 's'}, last on ${day}`,
    interest: (t) => `your interest in ${t}`,
    holds: (p) => `you hold ${p}`,
    age: (b) => `your age band (${b})`,
    region: (d, c) => `your region (postal codes starting with ${d}, ${c})`,
    takeUp: (p) => `taken up by ${p}% of customers it was offered to`,
    basis: { interest: 'interests', holds: 'products', age: 'age band', region: 'region' },
    byModel: (day, b) => `Ranked by a model trained on ${day} from your ${list(b, 'and')}`,
    noModel: 'No model is trained yet: ranked by general take-up',
    noProfilingPurpose: 'The policy declares no profiling: ranked by general take-up',
    notPersonalised: (r) => `Not personalised: ${r}`,
    forStaff: 'Ranked for this customer; what it rests on is theirs to see',
  },
  fr: {
    signal: (what, topic, n, day) => `${what} (${topic}) : ${n} fois, la dernière le ${day}`,
    interest: (t) => `votre intérêt pour ${t}`,
    holds: (p) => `vous détenez ${p}`,
    age: (b) => `votre tranche d'âge (${b})`,
    region: (d, c) => `votre région (codes postaux commençant par ${d}, ${c})`,
    takeUp: (p) => `choisi par ${p} % des clients à qui il a été proposé`,
    basis: { interest: 'intérêts', holds: 'produits', age: 'âge', region: 'région' },
    byModel: (day, b) => `Classé par un modèle entraîné le ${day} sur vos ${list(b, 'et')}`,
    noModel: "Aucun modèle n'est encore entraîné : classé selon le taux d'adoption",
    noProfilingPurpose: "La politique ne prévoit aucun profilage : classé selon le taux d'adoption",
    notPersonalised: (r) => `Non personnalisé : ${r}`,
    forStaff: 'Classé pour ce client ; ce sur quoi ce classement repose, lui seul peut le voir',
  },
  nl: {
    signal: (what, topic, n, day) => `${what} (${topic}): ${n} keer, laatst op ${day}`,
    interest: (t) => `uw interesse in ${t}`,
    holds: (p) => `u hebt ${p}`,
    age: (b) => `uw leeftijdsgroep (${b})`,
    region: (d, c) => `uw regio (postcodes die beginnen met ${d}, ${c})`,
    takeUp: (p) => `gekozen door ${p}% van de klanten aan wie het werd aangeboden`,
    basis: { interest: 'interesses', holds: 'producten', age: 'leeftijd', region: 'regio' },
    byModel: (day, b) => `Gerangschikt door een model getraind op ${day} op uw ${list(b, 'en')}`,
    noModel: 'Nog geen model getraind: gerangschikt volgens algemene keuze',
    noProfilingPurpose: 'Het beleid voorziet geen profilering: gerangschikt volgens algemene keuze',
    notPersonalised: (r) => `Niet gepersonaliseerd: ${r}`,
    forStaff: 'Gerangschikt voor deze klant; waarop dat berust, mag alleen de klant zien',
  },
};
