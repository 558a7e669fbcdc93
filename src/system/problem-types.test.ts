import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS, type ErrorCode, problem } from '../platform/errors.ts';
import { PROBLEM_TYPES, problemsMarkdown, problemTypeOf, problemTypePage } from './problem-types.ts';

/** Every TypeScript source under src/ but tests and the catalogue itself. */
function sources(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    const isSource = e.name.endsWith('.ts') && !e.name.endsWith('.test.ts');
    return isSource && path !== join('src', 'platform', 'errors.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('problem types', () => {
  it('docs/problems.md is current (regenerate: npm run docs:problems)', () => {
    expect(readFileSync('docs/problems.md', 'utf8')).toBe(problemsMarkdown());
  });

  it('every code of the catalogue is answered somewhere in src: none documents a problem that never happens', () => {
    const code = sources().join('\n');
    const unused = (Object.keys(ERRORS) as ErrorCode[]).filter((c) => !code.includes(`'${c}'`));
    expect(unused).toEqual([]);
  });

  it('every type has a cause and a fix, each a sentence, and a slug that names it alone', () => {
    for (const p of PROBLEM_TYPES) {
      expect(p.cause, p.code).toMatch(/^[A-Z`].{10,}[.)]$/s);
      expect(p.fix, p.code).toMatch(/^[A-Z`].{5,}[.)]$/s);
      const slug = new URL(problem(p.code).type).pathname.split('/').pop() as string;
      expect(problemTypeOf(slug)).toBe(p);
    }
    expect(PROBLEM_TYPES).toHaveLength(Object.keys(ERRORS).length);
  });

  it("a type's page escapes its text and shows its code spans as code", () => {
    const page = problemTypePage({
      type: 'https://garde.dev/problems/x',
      code: 'INTERNAL',
      status: 500,
      title: '<script>',
      cause: 'a `<b>` & "c"',
      fix: 'none.',
    });
    expect(page).not.toContain('<script>');
    expect(page).toContain('<h1>&lt;script&gt;</h1>');
    expect(page).toContain('a <code>&lt;b&gt;</code> &amp; &quot;c&quot;');
  });
});
