// The one mapping from the policy's names for identity data (`categories[].fields[].name` of the
// category whose `storage` claims Garde's `identities` table) to that table's columns. The
// subject API, outbound batches and the demo population read it; the access report's names
// (rights/catalogue.ts) are the same words. A field the policy does not list is not Garde's to
// collect (Art. 5(1)(c), data minimisation): the demo writes only the columns listed here for
// the fields the policy names. Pure.
import { claimantOf } from '../datasets/storage.ts';
import { type BatchField, channelBatch } from '../policy/channels.ts';
import type { Policy } from '../policy/schema.ts';
import type { Identity } from './model.ts';

/** Identity fields kept in one column each: the subject API's `identity`, and batch fields. */
export const IDENTITY_COLUMNS = {
  givenName: 'given_name',
  familyName: 'family_name',
  birthDate: 'birth_date',
  email: 'email',
  phone: 'phone',
  street: 'street',
  postalCode: 'postal_code',
  city: 'city',
  country: 'country',
  language: 'language',
} as const satisfies Record<keyof Identity, string>;

export type IdentityColumn =
  | (typeof IDENTITY_COLUMNS)[keyof typeof IDENTITY_COLUMNS]
  | 'id_card_enc'
  | 'last_ip';

/**
 * Policy field name -> the `identities` columns that keep it. `postalAddress` is the four
 * address columns together; `idCardNumber` is sealed (AES-256-GCM) in `id_card_enc`;
 * `ipAddress` is the last address a person was seen from (`last_ip`).
 */
export const IDENTITY_FIELD_COLUMNS: Readonly<Record<string, readonly IdentityColumn[]>> = {
  ...Object.fromEntries(Object.entries(IDENTITY_COLUMNS).map(([field, column]) => [field, [column]])),
  postalAddress: ['street', 'postal_code', 'city', 'country'],
  idCardNumber: ['id_card_enc'],
  ipAddress: ['last_ip'],
};

/**
 * The `identities` columns the policy declares: those of the fields listed by the category that
 * claims the table (none when no category does). Field names Garde does not know keep nothing.
 */
export function declaredIdentityColumns(policy: Policy): ReadonlySet<IdentityColumn> {
  const id = claimantOf(policy, 'identities');
  const category = policy.categories.find((c) => c.id === id);
  return new Set((category?.fields ?? []).flatMap((f) => IDENTITY_FIELD_COLUMNS[f.name] ?? []));
}

type Channel = NonNullable<Policy['communications']>['channels'][number];

/**
 * A channel's batch fields split by whether the policy declares them in the category that keeps
 * Garde's `identities` table. The outbound writer puts only `kept` in a batch, and `policy check`
 * refuses any `undeclared` (lint `batch-undeclared-field`): one answer for both, so a file never
 * holds a column the policy does not collect, and the check never passes a column the file
 * would leave out.
 */
export function batchFieldsOf(
  policy: Policy,
  channel: Channel | undefined,
): { kept: BatchField[]; undeclared: BatchField[] } {
  const declared = declaredIdentityColumns(policy);
  const fields = channelBatch(channel).fields;
  return {
    kept: fields.filter((f) => declared.has(IDENTITY_COLUMNS[f])),
    undeclared: fields.filter((f) => !declared.has(IDENTITY_COLUMNS[f])),
  };
}

/**
 * EN-8, need to know: each batch field under the name a recipient's `fields` grant it: the field
 * itself, or a field that keeps it among others (`postalAddress` grants `street`); a field the
 * recipient is granted under no name keeps its own, so the decision point refuses it
 * (`recipient.field-not-allowed`). One answer for the batch download's gate and `policy check`.
 */
export function grantedFieldNames(granted: readonly string[], fields: readonly BatchField[]): string[] {
  return fields.map((f) => {
    if (granted.includes(f)) return f;
    const column = IDENTITY_COLUMNS[f];
    return granted.find((g) => (IDENTITY_FIELD_COLUMNS[g] ?? []).includes(column)) ?? f;
  });
}
