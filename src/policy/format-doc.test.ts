// docs/policy-format.md is the reference of the policy format (issue 13): every key the schema
// accepts has an entry there saying what it means, whether it is required, the article it
// serves and what in Garde reads it. A key added to the schema fails here, by name, until its
// entry is written; an entry whose key left the schema fails too. The conventions these checks
// read are stated at the top of that page ("How this page is written").
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicySchema } from './schema.ts';

const DOC = 'docs/policy-format.md';

type Key = { path: string; required: boolean };
type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

/**
 * Every object property of the schema, as a path from the top (`purposes[].consent.withdrawVia`):
 * list items are `[]`, and every branch of a union is walked (`recipients[].safeguard` is a text
 * or an object, so `recipients[].safeguard.mechanism` is a key). A map keyed by the author's
 * values (a text per language, an age per country) is one key, not one per entry.
 */
function schemaKeys(schema: JsonSchema, prefix = ''): Key[] {
  if (schema.anyOf) return schema.anyOf.flatMap((branch) => schemaKeys(branch, prefix));
  if (schema.type === 'array' && schema.items) return schemaKeys(schema.items, `${prefix}[]`);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, child]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [{ path, required: required.has(name) }, ...schemaKeys(child, path)];
  });
}

type Entry = { path: string; head: string; text: string; section: string | undefined; line: number };

/**
 * The page's entries: a line that starts `- \`path\` (` and the lines indented under it, read
 * as one text that goes on `(type, required): ...` or `(type, optional): ...` (the type may hold
 * parentheses, "Art. 9(1)", and wrap). `section` is the block of the `## \`block\`` above it.
 */
function docEntries(markdown: string): { entries: Entry[]; sections: string[] } {
  const lines = markdown.split('\n');
  const entries: Entry[] = [];
  const sections: string[] = [];
  let section: string | undefined;
  let fenced = false;
  lines.forEach((line, i) => {
    // YAML examples are not entries, even where a line would look like one.
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced || line.startsWith('```')) return;
    const heading = /^## `([A-Za-z]+)`/.exec(line)?.[1];
    if (heading) {
      section = heading;
      sections.push(heading);
      return;
    }
    if (line.startsWith('## ')) section = undefined;
    const entry = /^- `([^`]+)` \(/.exec(line);
    if (!entry) return;
    let end = i + 1;
    while (end < lines.length && /^ {2}\S/.test(lines[end] ?? '')) end++;
    const text = lines
      .slice(i, end)
      .map((l) => l.trim())
      .join(' ');
    entries.push({
      path: entry[1] ?? '',
      head: /^- `[^`]+` \((.*?)\): /.exec(text)?.[1] ?? '',
      text,
      section,
      line: i + 1,
    });
  });
  return { entries, sections };
}

const keys = [
  ...new Map(
    schemaKeys(JSON.parse(JSON.stringify(PolicySchema)) as JsonSchema).map((k) => [k.path, k]),
  ).values(),
];
const blocks = Object.keys((JSON.parse(JSON.stringify(PolicySchema)) as JsonSchema).properties ?? {});
const { entries, sections } = docEntries(readFileSync(DOC, 'utf8'));

/** `*.clauses` documents the key wherever it appears; any other entry documents its own path. */
const isWildcard = (e: Entry) => e.path.startsWith('*.');
const covers = (e: Entry, path: string) =>
  isWildcard(e) ? path.endsWith(e.path.slice(1)) || path === e.path.slice(2) : e.path === path;
const blockOf = (path: string) => path.split(/[.[]/)[0] ?? path;
const entryOf = (path: string) => entries.find((e) => covers(e, path));

describe(`${DOC} documents the policy format`, () => {
  it('walks the schema (the test itself sees nested, listed and union keys)', () => {
    const paths = keys.map((k) => k.path);
    expect(paths).toContain('purposes[].consent.withdrawVia');
    expect(paths).toContain('recipients[].safeguard.mechanism');
    expect(paths).toContain('jointControllers[].parties[].name');
    expect(paths).toContain('garde');
  });

  it('has an entry for every key of the schema', () => {
    const missing = keys
      .filter((k) => !entryOf(k.path))
      .map(
        (k) =>
          `${k.path} is not documented: add "- \`${k.path}\` (type, ${k.required ? 'required' : 'optional'}): what it means. **GDPR:** the article, or none: product configuration. **Garde:** what reads it." under "## \`${blockOf(k.path)}\`" in ${DOC}`,
      );
    expect(missing).toEqual([]);
  });

  it('names no key the schema does not have', () => {
    const unknown = entries
      .filter((e) => !keys.some((k) => covers(e, k.path)))
      .map(
        (e) =>
          `${DOC}:${e.line}: \`${e.path}\` is not a key of the schema (src/policy/schema.ts): rename or remove it`,
      );
    expect(unknown).toEqual([]);
  });

  it('says of every key whether it is required, as the schema does', () => {
    const wrong = keys.flatMap((k) => {
      const e = entryOf(k.path);
      const said = e?.head.split(',').at(-1)?.trim();
      const want = k.required ? 'required' : 'optional';
      return e && said !== want
        ? [
            `${DOC}:${e.line}: \`${k.path}\` is ${want} in the schema: its entry starts "- \`${e.path}\` (type, ${want}): "`,
          ]
        : [];
    });
    expect(wrong).toEqual([]);
  });

  it('states for every key the article it serves and what in Garde reads it', () => {
    const incomplete = entries
      .filter((e) => !e.text.includes('**GDPR:**') || !e.text.includes('**Garde:**'))
      .map(
        (e) =>
          `${DOC}:${e.line}: \`${e.path}\` needs "**GDPR:** ..." (or "none: product configuration") and "**Garde:** ..." (what reads it, or "nothing at run time")`,
      );
    expect(incomplete).toEqual([]);
  });

  it('gives every block its section, in the order of the schema, and puts each key in its block', () => {
    expect(sections, `one "## \`block\`" heading per top-level key of the schema, in schema order`).toEqual(
      blocks,
    );
    const misplaced = entries
      .filter((e) => !isWildcard(e) && e.section !== blockOf(e.path))
      .map(
        (e) =>
          `${DOC}:${e.line}: \`${e.path}\` belongs under "## \`${blockOf(e.path)}\`", not ${e.section ? `"## \`${e.section}\`"` : 'outside a block section'}`,
      );
    expect(misplaced).toEqual([]);
  });
});
