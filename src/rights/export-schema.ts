// The JSON Schema of one table of a portability export, read from the rows it describes: each
// field's JSON type (integer, number, string, boolean, object, array; null where a row has none)
// and, for strings that are all dates or timestamps, their format. Validating a file against it
// fails on a changed type, a missing or extra field, or a date that is not one.

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'bigint') return 'integer';
  return typeof v;
}

function fieldSchema(values: readonly unknown[]): Record<string, unknown> {
  const present = values.filter((v) => v !== null && v !== undefined);
  const types = new Set(present.map(jsonType));
  // An integer in one row and a fraction in another is a number.
  if (types.has('integer') && types.has('number')) types.delete('integer');
  const out: Record<string, unknown> = {};
  const strings = present.filter((v): v is string => typeof v === 'string');
  if (types.size === 1 && strings.length > 0) {
    if (strings.every((s) => DATE.test(s))) out.format = 'date';
    else if (strings.every((s) => DATE_TIME.test(s))) out.format = 'date-time';
  }
  const list = [...types].sort();
  if (present.length < values.length) list.push('null');
  return { type: list.length === 1 ? list[0] : list, ...out };
}

export function rowsSchema(fields: readonly string[], rows: readonly Record<string, unknown>[]): object {
  return {
    type: 'array',
    items: {
      type: 'object',
      properties: Object.fromEntries(fields.map((f) => [f, fieldSchema(rows.map((r) => r[f]))])),
      required: [...fields],
      additionalProperties: false,
    },
  };
}
