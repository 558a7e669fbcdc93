// The demo's identity rows: only the columns of the identity fields the policy lists
// (subjects/identity-fields.ts), in its languages and its controller's country (locales.ts).
// A policy that lists no ID-card number or IP address gets none.
import type { Sealer } from '../platform/crypto.ts';
import type { Policy } from '../policy/schema.ts';
import { declaredIdentityColumns, type IdentityColumn } from '../subjects/identity-fields.ts';
import { nameSearchKey } from '../subjects/search.ts';
import type { DemoLocale } from './locales.ts';

const ORDER: readonly IdentityColumn[] = [
  'given_name',
  'family_name',
  'birth_date',
  'email',
  'phone',
  'street',
  'postal_code',
  'city',
  'country',
  'language',
  'id_card_enc',
  'last_ip',
];

type Person = { locale: DemoLocale; given: string; family: string };
type Draw = (p: Person) => unknown;

const iso = (d: Date) => d.toISOString().slice(0, 10);

export type IdentityRows = {
  columns: string[];
  /** One row for the subject, in `columns` order. */
  row(subjectId: string, locale: DemoLocale): unknown[];
};

export function identityRows(opts: { policy: Policy; sealer: Sealer; now: Date }): IdentityRows {
  const declared = declaredIdentityColumns(opts.policy);
  const mailboxes = new Set<string>();
  const country = opts.policy.controller.country ?? null;
  const draws: Record<IdentityColumn, Draw> = {
    given_name: (p) => p.given,
    family_name: (p) => p.family,
    birth_date: (p) =>
      iso(p.locale.names.date.birthdate({ mode: 'age', min: 18, max: 90, refDate: opts.now })),
    email: (p) =>
      mailbox(
        p.locale.names.internet.email({ firstName: p.given, lastName: p.family }).toLowerCase(),
        mailboxes,
      ),
    phone: (p) => p.locale.phone(),
    street: (p) => p.locale.places.location.streetAddress(),
    postal_code: (p) => p.locale.places.location.zipCode(),
    city: (p) => p.locale.places.location.city(),
    country: () => country,
    language: (p) => p.locale.language,
    // No country's format is assumed: nine letters and digits, as many identity documents have.
    id_card_enc: (p) => opts.sealer.seal(p.locale.places.string.alphanumeric({ length: 9, casing: 'upper' })),
    last_ip: (p) => p.locale.names.internet.ipv4(),
  };
  const columns = ORDER.filter((c) => declared.has(c));
  // BK-13: a name comes with the Latin readings the agents' search finds it by (subjects/search.ts).
  const named = columns.includes('given_name') || columns.includes('family_name');
  return {
    columns: ['subject_id', ...columns, ...(named ? ['name_readings'] : [])],
    row(subjectId, locale) {
      const person = {
        locale,
        given: locale.names.person.firstName(),
        family: locale.names.person.lastName(),
      };
      const values = columns.map((c) => draws[c](person));
      if (!named) return [subjectId, ...values];
      const name = (c: IdentityColumn) => (columns.includes(c) ? (draws[c](person) as string) : null);
      return [subjectId, ...values, nameSearchKey(name('given_name'), name('family_name'))];
    },
  };
}

/** One mailbox, one person: a second person with the same address gets a numbered one. */
function mailbox(address: string, taken: Set<string>): string {
  let candidate = address;
  for (let n = 2; taken.has(candidate); n++) candidate = address.replace('@', `${n}@`);
  taken.add(candidate);
  return candidate;
}
