// The JSON Schema (2020-12) of a portability export, read from the catalogue's declared types,
// never from a subject's values: one document for every export, whoever it is about, so a
// consumer that caches it by $id can validate any export with it. Every portable table is
// present (a subject with no rows has an empty array), and every row names exactly its fields.
// The schema does not depend on the policy (its categories, its formats: a CSV file holds the
// rows of the JSON file of the same name); it changes only with the catalogue, and then takes a
// new $id (a test compares it with the published docs/schemas/portability-<n>.json).
import { type FieldKind, type FieldType, STORES, type Store } from './catalogue.ts';

export const SCHEMA_VERSION = 2;
export const SCHEMA_ID = `https://garde.dev/schemas/portability-${SCHEMA_VERSION}.json`;

const KINDS: Record<FieldKind, { type?: string; format?: string }> = {
  text: { type: 'string' },
  date: { type: 'string', format: 'date' },
  timestamp: { type: 'string', format: 'date-time' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  // Any JSON value, null included.
  json: {},
};

function fieldSchema(declared: FieldType): object {
  const [kind, nullable] = declared.split(' | ') as [FieldKind, 'null' | undefined];
  const { type, format } = KINDS[kind];
  if (!type) return {};
  return { type: nullable ? [type, 'null'] : type, ...(format ? { format } : {}) };
}

/** The schema of one table's file: an array of rows, each with exactly the store's fields. */
export function tableSchema(store: Store): object {
  const fields = Object.keys(store.fields);
  return {
    type: 'array',
    items: {
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(store.fields).map(([name, [, type]]) => [name, fieldSchema(type)]),
      ),
      required: fields,
      additionalProperties: false,
    },
  };
}

const PORTABLE_STORES: readonly Store[] = STORES.filter((s) => s.portable);

/** The root validates { <table>: rows }; each table's schema is also #/$defs/<table>. */
export function exportSchema(): object {
  const names = PORTABLE_STORES.map((s) => s.table);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'Personal data export',
    description:
      'Each property is one table: the content of <table>.json; <table>.csv holds the same rows, one column per field. Every table is present; a table the subject has no rows in is an empty array. Validate one file alone against schema.json#/$defs/<table>.',
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, { $ref: `#/$defs/${n}` }])),
    required: names,
    additionalProperties: false,
    $defs: Object.fromEntries(PORTABLE_STORES.map((s) => [s.table, tableSchema(s)])),
  };
}

/** The schema.json of every export, byte for byte. */
export const EXPORT_SCHEMA_JSON = `${JSON.stringify(exportSchema(), null, 1)}\n`;
