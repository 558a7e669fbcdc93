// Clause traceability (issue 15): each clause of a policy, traced from the promise to the policy
// key that states it, the modules that enforce it and the tests that fail when it breaks, as
// docs/compliance-matrix.md records them. The page is read as it is on disk when asked (and
// re-read when it changes), never copied at build time, so what the console shows is what
// test/compliance/matrix.test.ts holds true. The test parses it with these same functions.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MATRIX_FILE = fileURLToPath(new URL('../../docs/compliance-matrix.md', import.meta.url));

export type TraceRow = {
  clause: string;
  promise: string;
  /** `file.yaml: path` as the page names them. */
  policyKeys: { file: string; path: string }[];
  /** Modules named in the "Enforcing module" cell (src/, web/, sdk/, migrations/), each once. */
  enforcedBy: string[];
  /** Test files named in the "Test" cell, each once. */
  tests: string[];
  /** The two cells as the page writes them (Markdown), with what each module and test does. */
  enforcement: string;
  testing: string;
};

/**
 * A table cell's `|` is escaped as `\|`; a row splits on the others. Anything past the fifth
 * cell (a stray `|`, a row that does not close with one) still belongs to the tests' cell.
 */
function cells(line: string): string[] {
  const parts = line.split(/(?<!\\)\|/).map((c) => c.trim().replaceAll('\\|', '|'));
  const inner = parts.slice(1, parts.at(-1) === '' ? -1 : undefined);
  return [...inner.slice(0, 4), inner.slice(4).join(', ')];
}

const unique = (xs: string[]) => [...new Set(xs)];

const pathsIn = (cell: string, pattern: RegExp) =>
  unique([...cell.matchAll(pattern)].map((m) => m[1] as string));

/** The rows of the page's clause tables, keyed by clause id (BK-1, EN-10, ...), in page order. */
export function parseMatrix(markdown: string): Map<string, TraceRow> {
  const rows = new Map<string, TraceRow>();
  for (const line of markdown.split('\n')) {
    const m = /^\|\s*([A-Z]{2,}-\d+)\s*\|/.exec(line);
    if (!m?.[1]) continue;
    const [clause = '', promise = '', keys = '', enforcement = '', testing = ''] = cells(line);
    rows.set(m[1], {
      clause,
      promise,
      policyKeys: [...keys.matchAll(/`([a-z0-9-]+\.yaml):\s*([^`]+)`/g)].map((k) => ({
        file: k[1] as string,
        path: (k[2] as string).trim(),
      })),
      enforcedBy: pathsIn(enforcement, /`((?:src|web|sdk|migrations)\/[^`\s]+)`/g),
      tests: pathsIn(testing, /`((?:src|test|sdk|web)\/[^`\s]+\.test\.ts)`/g),
      enforcement,
      testing,
    });
  }
  return rows;
}

/** Every clause ID in every `clauses:` list of a policy, at any depth; EN-6(c) counts as EN-6. */
export function citedClauses(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const x of node) citedClauses(x, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'clauses' && Array.isArray(v))
        for (const c of v) out.add(String(c).replace(/[a-z]?(\([a-z]\))?$/, ''));
      else citedClauses(v, out);
    }
  }
  return out;
}

let cached: { mtimeMs: number; rows: Map<string, TraceRow> } | null = null;

/** The page's rows, re-read when the file changes; null when it is not there (an install without docs). */
export function matrixRows(file = MATRIX_FILE): Map<string, TraceRow> | null {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return null;
  }
  if (file !== MATRIX_FILE) return parseMatrix(readFileSync(file, 'utf8'));
  if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, rows: parseMatrix(readFileSync(file, 'utf8')) };
  return cached.rows;
}

const byClause = new Intl.Collator('en', { numeric: true }).compare;

/**
 * The clauses the policy in force cites, each with its row of the page (or null: the page has no
 * row for it, a gap the DPO sees), in clause order (BK-2 before BK-10).
 */
export function traceClauses(policy: unknown, rows: Map<string, TraceRow> | null) {
  return [...citedClauses(policy)]
    .sort(byClause)
    .map((clause) => ({ clause, row: rows?.get(clause) ?? null }));
}
