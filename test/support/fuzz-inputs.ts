// Fuzz inputs derived from a route's declared JSON schemas: values that fit the schema (often with
// the policy's own words and the test subject's id, so requests reach deep), mixed with the
// edge values that broke Garde before (NUL, lone surrogates, Infinity, numbers beyond bigint,
// impossible dates, over-long text, bad percent-encoding, extra fields, wrong types).
import fc from 'fast-check';
import type { Sealer } from '../../src/platform/crypto.ts';
import type { KeyPart, Keyset } from '../../src/platform/pagination.ts';
import type { PolicyWords } from './policy-words.ts';

/** A JSON Schema node as TypeBox emits it for a route declaration. */
export type SchemaNode = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  enum?: unknown[];
};

/** Text a JSON value, a query or a path segment can carry that is awkward for JS or PostgreSQL. */
export const NASTY_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'a\udc00b',
  '\ud83d',
  '\uffff',
  '\u202e',
  'é',
  '💥',
  'Infinity',
  '-Infinity',
  'NaN',
  '1e309',
  '-1e309',
  '99999999999999999999',
  '9223372036854775808',
  '-9223372036854775809',
  '2147483648',
  '-1',
  '0',
  '1.5',
  '0x10',
  '0000-01-01',
  '0000',
  '2026-02-30',
  '2026-13',
  '2026-00',
  '2026-13-01',
  '10000-01-01',
  '0000-01-01T00:00:00Z',
  '2016-12-31T23:59:60Z',
  '2026-06-15T24:00:00Z',
  '2026-06-15T10:00:00+25:00',
  '0001-01-01T00:00:00+01:00',
  '9999-12-31T23:59:59-01:00',
  'x'.repeat(300),
  'x'.repeat(5000),
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE subjects; --",
  'null',
  '[]',
];

/** Raw text spliced into JSON bodies, queries or paths as is (a JS value cannot carry it). */
export class Raw {
  constructor(readonly text: string) {}
}
const RAW_JSON = ['1e309', '-1e309', '123456789012345678901234567890', '1E400', '-0', '1e-400'].map(
  (t) => new Raw(t),
);
export const RAW_URL = ['%ff', '%ED%A0%80', '%00', '%', '%zz', 'a%2', '%C0%AF', 'x'.repeat(101)].map(
  (t) => new Raw(t),
);

/** Text PostgreSQL cannot store, the commonest cause of 500s before: drawn often. */
const UNSTORABLE = ['\u0000', 'a\u0000b', '\ud800', 'a\udc00b', '\ud83d'];

const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...UNSTORABLE) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53 + 2, 1e308, 1e20, [], {}) },
  {
    weight: 2,
    arbitrary: fc.constantFrom({ a: '\u0000' }, { '\u0000': 1 }, { '\ud800': 'x' }, [null], ...RAW_JSON),
  },
);

export type FuzzContext = {
  /** Ids worth hitting: the test subject, a rights request... */
  uuids: string[];
  /** Row ids worth hitting (a legal hold) and small numbers. */
  ints: number[];
  /** Words of the policy (purposes, channels, topics...) so enums-by-policy are sometimes right. */
  words: PolicyWords;
  /** The test clock: valid dates are drawn around it. */
  now: Date;
  /** The lists an `after` cursor may name: the route's own, so forged cursors reach its query. */
  lists?: readonly Keyset[];
  /**
   * The server's cursor seal and the route's scope (src/platform/pagination.ts): forged parts
   * sealed as the server would, so they reach the second lock, the check of each part.
   */
  cursorSeal?: { sealer: Pick<Sealer, 'seal'>; scope: string };
};

/** Times a forged cursor may name that are no instant, or none PostgreSQL reads as given. */
export const IMPOSSIBLE_TIMES = [
  '2026-02-30T00:00:00.000000Z',
  '2025-02-29T00:00:00.000000Z',
  '0000-01-01T00:00:00.000000Z',
  '2026-06-15T24:00:00.000000Z',
  '2016-12-31T23:59:60.000000Z',
  '2026-06-15T10:60:00.000000Z',
  '10000-01-01T00:00:00.000000Z',
];

/** A key part as this server writes it, or as a forger would: impossible, oversized, unstorable. */
export function keyPartFor(part: KeyPart, ctx: FuzzContext): fc.Arbitrary<unknown> {
  const good: Record<KeyPart, fc.Arbitrary<unknown>> = {
    time: fc
      .date({ min: new Date(ctx.now.getTime() - 400 * 86_400_000), max: ctx.now, noInvalidDate: true })
      .map((d) => d.toISOString().replace('Z', '123Z')),
    int: fc.oneof(fc.constantFrom(...ctx.ints), fc.maxSafeInteger()),
    uuid: fc.constantFrom(...ctx.uuids),
    text: fc.constantFrom(...ctx.words.all),
  };
  const bad: Record<KeyPart, fc.Arbitrary<unknown>> = {
    time: fc.constantFrom(...IMPOSSIBLE_TIMES),
    int: fc.constantFrom(2 ** 53, 2 ** 63, -(2 ** 64), 1.5, ...RAW_JSON),
    uuid: fc.constantFrom('00000000-0000-4000-8000-00000000000', `${ctx.uuids[0]}\u0000`),
    text: fc.constantFrom(...UNSTORABLE, 'x'.repeat(1001)),
  };
  return fc.oneof(
    { weight: 3, arbitrary: good[part] },
    { weight: 3, arbitrary: bad[part] },
    { weight: 1, arbitrary: nastyJson },
  );
}

/** A cursor of one of the context's lists, each part as this server writes it or forged. */
function cursor(ctx: FuzzContext, lists: readonly Keyset[]): fc.Arbitrary<string> {
  return fc
    .constantFrom(...lists)
    .chain((k) =>
      fc
        .tuple(...k.parts.map((p) => keyPartFor(p, ctx)))
        .map((key) =>
          ctx.cursorSeal
            ? ctx.cursorSeal.sealer
                .seal(toJson({ l: k.list, s: ctx.cursorSeal.scope, k: key }))
                .toString('base64url')
            : Buffer.from(toJson({ l: k.list, k: key })).toString('base64url'),
        ),
    );
}

type Child = (schema: SchemaNode, depth: number, name?: string) => fc.Arbitrary<unknown>;

/**
 * Values for a request part: some fit the schema entirely, most fit it but for one value
 * replaced by an edge value (the way a single bad field slips into a good request), and some
 * have edge values anywhere.
 */
export function inputFor(schema: SchemaNode, ctx: FuzzContext, name?: string): fc.Arbitrary<unknown> {
  const clean: Child = (s, depth, field) => fitting(s, ctx, depth, clean, field);
  const mixed: Child = (s, depth, field) =>
    fc.oneof(
      { weight: 12, arbitrary: fitting(s, ctx, depth, mixed, field) },
      { weight: 1, arbitrary: nastyJson },
    );
  const fits = clean(schema, 0, name);
  const mutated = fc
    .tuple(fits, fc.nat(), nastyJson, fc.boolean())
    .map(([v, n, bad, asKey]) => mutate(v, n, bad, asKey));
  return fc.oneof(
    { weight: 2, arbitrary: fits },
    { weight: 5, arbitrary: mutated },
    { weight: 2, arbitrary: mixed(schema, 0, name) },
  );
}

/** Replaces the n-th node of a value (or, for an object member, its name) by an edge value. */
function mutate(value: unknown, n: number, bad: unknown, asKey: boolean): unknown {
  const root: Record<string, unknown> = { value: structuredClone(value) };
  const slots: { parent: Record<string, unknown>; key: string }[] = [];
  const collect = (parent: Record<string, unknown>, key: string) => {
    slots.push({ parent, key });
    const v = parent[key];
    if (v && typeof v === 'object') for (const k of Object.keys(v)) collect(v as Record<string, unknown>, k);
  };
  collect(root, 'value');
  const slot = slots[n % slots.length] as (typeof slots)[number];
  const renamable = asKey && typeof bad === 'string' && slot.parent !== root && !Array.isArray(slot.parent);
  if (renamable) {
    slot.parent[bad as string] = slot.parent[slot.key];
    delete slot.parent[slot.key];
  } else slot.parent[slot.key] = bad;
  return root.value;
}

function fitting(
  schema: SchemaNode,
  ctx: FuzzContext,
  depth: number,
  child: Child,
  name?: string,
): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => fitting(s, ctx, depth + 1, child, name)));
  switch (schema.type) {
    case 'string':
      return text(schema, ctx, name);
    case 'integer':
      return fc.oneof(
        fc.constantFrom(...ctx.ints),
        fc.integer({
          min: Math.max(Number(schema.minimum ?? -1000), Number.MIN_SAFE_INTEGER),
          max: Math.min(Number(schema.maximum ?? 1000), Number.MAX_SAFE_INTEGER),
        }),
      );
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(child(schema.items ?? {}, depth + 1, name), {
        minLength: Math.min(Number(schema.minItems ?? 0), 4),
        maxLength: Math.min(Number(schema.maxItems ?? 4), 4),
      });
    case 'object':
      return object(schema, depth, child);
    default:
      return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

function text(schema: SchemaNode, ctx: FuzzContext, name?: string): fc.Arbitrary<string> {
  const iso = fc
    .date({ min: new Date(ctx.now.getTime() - 400 * 86_400_000), max: ctx.now, noInvalidDate: true })
    .map((d) => d.toISOString());
  if (schema.format === 'uuid')
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ctx.uuids) },
      { weight: 1, arbitrary: fc.uuid() },
    );
  if (schema.format === 'date-time') return iso;
  if (schema.format === 'date') return iso.map((s) => s.slice(0, 10));
  if (schema.format === 'calendar-period')
    return iso.chain((s) => fc.constantFrom(s.slice(0, 7), s.slice(0, 4)));
  if (schema.format === 'email') return fc.constantFrom('anne@example.be', 'a@b.c');
  if (name === 'after' && ctx.lists?.length)
    return fc.oneof({ weight: 6, arbitrary: cursor(ctx, ctx.lists) }, { weight: 1, arbitrary: fc.string() });
  const max = Number(schema.maxLength ?? 40);
  if (typeof schema.pattern === 'string') {
    const re = new RegExp(schema.pattern);
    const words = ctx.words.all.filter((w) => re.test(w));
    const named = ctx.words.named(name).filter((w) => re.test(w));
    const matching = fc.stringMatching(re).filter((s) => s.length <= max);
    return fc.oneof(
      ...(named.length ? [{ weight: 6, arbitrary: fc.constantFrom(...named) }] : []),
      ...(words.length ? [{ weight: 2, arbitrary: fc.constantFrom(...words) }] : []),
      { weight: 1, arbitrary: matching },
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ctx.words.all) },
    { weight: 3, arbitrary: fc.string({ maxLength: Math.min(max, 60) }) },
    // Any UTF-16 code units: NUL, control characters, lone surrogates.
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: Math.min(max, 20) }) },
  );
}

const ABSENT = Symbol('absent');

function object(schema: SchemaNode, depth: number, child: Child): fc.Arbitrary<unknown> {
  if (depth > 3) return fc.constant({});
  const patterned = Object.values(schema.patternProperties ?? {})[0];
  if (patterned) {
    const key = fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string() },
    );
    const maxKeys = Math.min(Number(schema.maxProperties ?? 12), 12);
    return fc.dictionary(key, child(patterned, depth + 1), { maxKeys });
  }
  // Optional fields are left out two times in three: each one present is one more rule to meet.
  const required = new Set(schema.required ?? []);
  const model = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([k, s]) => {
      const value = child(s, depth + 1, k);
      if (required.has(k)) return [k, value];
      return [k, fc.oneof({ weight: 2, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: value })];
    }),
  );
  return fc.record(model).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ABSENT)));
}

/** JSON text of a value, with Raw tokens spliced in as they are. */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Percent-encodes any text, lone surrogates included (as the invalid UTF-8 a client would send). */
export function encodeText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  const s = typeof value === 'string' ? value : toJson(value);
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    out +=
      code >= 0xd800 && code <= 0xdfff
        ? `%${[0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            .map((b) => b.toString(16).toUpperCase())
            .join('%')}`
        : encodeURIComponent(ch);
  }
  return out;
}

/** A query string from generated values: each one encoded, Raw ones spliced in unencoded. */
export function toQuery(values: Record<string, unknown>): string {
  const parts = Object.entries(values).flatMap(([k, v]) =>
    Array.isArray(v) && v.length > 0 ? v.map((x) => `${k}=${encodeText(x)}`) : [`${k}=${encodeText(v)}`],
  );
  return parts.length ? `?${parts.join('&')}` : '';
}
