// Traceability: every clause of the two source policies has a row in docs/compliance-matrix.md,
// every policy key named there exists in the policy file, and every clause is cited in that
// policy's `clauses:` lists.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { citedClauses, parseMatrix } from '../../src/policy/traceability.ts';

const CLAUSES = [
  ...Array.from({ length: 16 }, (_, i) => `BK-${i + 1}`),
  ...Array.from({ length: 17 }, (_, i) => `EN-${i + 1}`),
];
const FILE_OF = { BK: 'retail-bank.yaml', EN: 'energy-services.yaml' } as const;

const matrix = readFileSync('docs/compliance-matrix.md', 'utf8');
// The console's traceability reads the page with the same parser (src/policy/traceability.ts).
const rows = parseMatrix(matrix);
const policies = Object.fromEntries(
  Object.values(FILE_OF).map((f) => [f, { data: parse(readFileSync(`policies/${f}`, 'utf8')) as unknown }]),
);

/** Resolves `a.b[id].c[0]` in parsed YAML; list items are found by their id, or by index. */
function resolve(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const seg of path.match(/[^.[\]]+|\[[^\]]+\]/g) ?? []) {
    if (cur === undefined || cur === null) return undefined;
    if (seg.startsWith('[')) {
      const key = seg.slice(1, -1);
      if (!Array.isArray(cur)) return undefined;
      cur = /^\d+$/.test(key) ? cur[Number(key)] : cur.find((x) => (x as { id?: string })?.id === key);
    } else {
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}

describe('compliance matrix', () => {
  it('has one row per clause', () => {
    expect([...rows.keys()].sort()).toEqual([...CLAUSES].sort());
  });

  for (const clause of CLAUSES) {
    it(`${clause}: the policy keys it names exist, and the policy cites the clause`, () => {
      const row = rows.get(clause);
      expect(row?.policyKeys.length, `no policy key for ${clause}`).toBeGreaterThan(0);
      for (const { file, path } of row?.policyKeys ?? []) {
        const policy = policies[file];
        expect(policy, `unknown policy file ${file}`).toBeDefined();
        expect(resolve(policy?.data, path), `${file}: ${path}`).not.toBeUndefined();
      }
      // Modules and tests named in the row exist: what the console shows as its traceability.
      for (const path of [...(row?.enforcedBy ?? []), ...(row?.tests ?? [])])
        expect(existsSync(path), `${clause}: ${path} does not exist`).toBe(true);
      const own = policies[FILE_OF[clause.slice(0, 2) as 'BK' | 'EN']];
      expect(citedClauses(own?.data)).toContain(clause);
    });
  }

  it('every module, folder and test named on the page exists', () => {
    const named = [...matrix.matchAll(/`((?:src|test|sdk)\/[^`\s]+)`/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(50);
    expect(named.filter((path) => !existsSync(path))).toEqual([]);
  });
});
