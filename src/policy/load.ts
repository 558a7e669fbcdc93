// Reads a policy file into a validated Policy, or a list of problems that each name the file,
// the line and the key. Pure apart from the optional file read in loadPolicyFile.
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { cutTextMessage, findCommentCuts, findCutText } from './cut-text.ts';
import { lintPolicy, lintWarnings } from './lint.ts';
import type { LintFinding } from './lint-finding.ts';
import { publishedSchema } from './published-schema.ts';
import type { Policy } from './schema.ts';

export type PolicyProblem = {
  file: string;
  line: number;
  column: number;
  /** Dotted path with list items named by their id, e.g. purposes[marketing].legalBasis */
  key: string;
  message: string;
  rule: string;
};

/** `warnings`: what `policy check` prints but does not refuse (lint-batches.ts), located like problems. */
export type PolicyLoadResult =
  | { ok: true; policy: Policy; warnings: PolicyProblem[] }
  | { ok: false; problems: PolicyProblem[] };

// The published JSON Schema, generated from src/policy/schema.ts (`npm run schema`; a test keeps
// it current): validating against it spares every CLI command loading the schema library.
// Compiled on first use, so `garde policy schema` (which writes that file) never reads it.
let compiled: ValidateFunction<Policy> | undefined;
function validator(): ValidateFunction<Policy> {
  if (compiled) return compiled;
  const schema = publishedSchema();
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  compiled = ajv.compile<Policy>(schema);
  return compiled;
}

export async function loadPolicyFile(file: string): Promise<PolicyLoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    return { ok: false, problems: [{ file, line: 0, column: 0, key: '', message: reason, rule: 'file' }] };
  }
  return parsePolicy(text, file);
}

export function parsePolicy(text: string, file = '<policy>'): PolicyLoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // A warning (an unknown tag, say) is YAML reading the file other than as written: refused too.
  const faults = [...doc.errors, ...doc.warnings];
  if (faults.length > 0) {
    return {
      ok: false,
      problems: faults.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          key: '',
          message: withCommentHint(e.message.split('\n')[0] ?? e.message, text, pos.line),
          rule: 'yaml',
        };
      }),
    };
  }
  const data: unknown = doc.toJS();
  const locate = (path: (string | number)[]) => locateNode(doc.contents as Node | null, path, lines);
  const cut = [
    ...findCutText(doc.contents as Node | null),
    ...findCommentCuts(doc.contents as Node | null, text),
  ];
  if (cut.length > 0) {
    return {
      ok: false,
      problems: cut.map((c) => {
        const pos = lines.linePos(c.offset);
        const key = describePath(data, c.by === 'comment' ? c.path : c.path.slice(0, -1));
        return { file, line: pos.line, column: pos.col, key, message: cutTextMessage(c), rule: 'yaml' };
      }),
    };
  }
  const validate = validator();
  if (!validate(data)) {
    const problems = simplify(validate.errors ?? []).map((e) => schemaProblem(e, data, file, locate));
    return { ok: false, problems: dedupe(problems) };
  }
  const located = (l: LintFinding): PolicyProblem => {
    const pos = locate(l.path);
    return { file, ...pos, key: describePath(data, l.path), message: l.message, rule: l.rule };
  };
  const lint = lintPolicy(data);
  if (lint.length > 0) return { ok: false, problems: lint.map(located) };
  return { ok: true, policy: data, warnings: lintWarnings(data).map(located) };
}

export function formatProblem(p: PolicyProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return `${where}: ${p.key ? `${p.key}: ` : ''}${p.message} [${p.rule}]`;
}

type Locate = (path: (string | number)[]) => { line: number; column: number };

function schemaProblem(e: ErrorObject, data: unknown, file: string, locate: Locate): PolicyProblem {
  const path = pointerToPath(e.instancePath);
  let message = e.message ?? 'is invalid';
  let keyPath = path;
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    keyPath = [...path, extra];
    message = `unknown key "${extra}"`;
  } else if (e.keyword === 'required') {
    message = `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`;
  } else if (e.keyword === 'enum' || e.keyword === 'const') {
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
    message = allowed ? `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` : message;
  }
  return { file, ...locate(keyPath), key: describePath(data, keyPath), message, rule: 'schema' };
}

// anyOf over literals yields one error per literal plus the anyOf itself; keep one readable line.
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  for (const [, list] of byPath) {
    const consts = list.filter((e) => e.keyword === 'const');
    const anyOf = list.find((e) => e.keyword === 'anyOf');
    if (anyOf && consts.length > 0) {
      const allowed = consts.map((c) => (c.params as { allowedValue: unknown }).allowedValue);
      out.push({ ...anyOf, keyword: 'enum', params: { allowedValues: allowed } });
      continue;
    }
    // A value that fits no branch of a union of plain values (a day or a month): one line that
    // says every form it could take.
    const branches = list.filter((e) => e.keyword !== 'anyOf');
    if (
      anyOf &&
      branches.length > 1 &&
      branches.every((e) => e.keyword === 'format' || e.keyword === 'pattern')
    ) {
      out.push({ ...anyOf, message: branches.map((e) => e.message).join(', or ') });
      continue;
    }
    out.push(...list.filter((e) => e.keyword !== 'anyOf' || list.length === 1));
  }
  return out;
}

function dedupe(problems: PolicyProblem[]): PolicyProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.key}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** purposes.2.legalBasis -> purposes[marketing-email].legalBasis when the item has an id. */
export function describePath(data: unknown, path: (string | number)[]): string {
  let out = '';
  let cur: unknown = data;
  for (const seg of path) {
    const next = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
    if (typeof seg === 'number') {
      const id = next && typeof next === 'object' ? (next as { id?: unknown }).id : undefined;
      out += typeof id === 'string' ? `[${id}]` : `[${seg}]`;
    } else {
      out += out ? `.${seg}` : seg;
    }
    cur = next;
  }
  return out;
}

// The deepest YAML node on the path gives the line; a missing key points at its parent.
function locateNode(root: Node | null, path: (string | number)[], lines: LineCounter) {
  let node: Node | null = root;
  let best = node?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      best = (pair.key as Node).range?.[0] ?? best;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg] as Node | null;
      best = node?.range?.[0] ?? best;
    } else {
      break;
    }
  }
  const pos = lines.linePos(best);
  return { line: pos.line, column: pos.col };
}

/**
 * A parse error on a line whose " #" began a comment (inside `{ ... }` the comment swallows the
 * closing brace): say so, since the parser's own words point elsewhere.
 */
function withCommentHint(message: string, text: string, line: number): string {
  const lines = text.split('\n').slice(Math.max(0, line - 3), line);
  return lines.some((l) => /[^\s'"]\s+#/.test(l))
    ? `${message} (a " #" on or above this line starts a comment that cuts the text short: put the text in quotes)`
    : message;
}
