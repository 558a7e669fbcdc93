// Some suites need something the machine may lack (Debian's Chromium, a PostgreSQL server).
// Without it they are skipped, and say so with the reason and the fix; in CI (CI=true) a missing
// requirement fails the file instead, so a green CI always ran everything.
import { describe } from 'vitest';
import { BACKENDS } from './backends.ts';
import { CHROMIUM, hasChromium } from './browser.ts';

type Requirement = { ok: boolean; why: string };

export const CHROMIUM_REQUIRED: Requirement = {
  ok: hasChromium,
  why: `no Chromium at ${CHROMIUM} (install Debian's: apt-get install chromium)`,
};

export const POSTGRES_REQUIRED: Requirement = {
  ok: BACKENDS.includes('postgres'),
  why: 'PostgreSQL is not among the test backends (set DATABASE_URL, or GARDE_TEST_BACKENDS=pglite,postgres)',
};

/** `describe` when the requirement holds; otherwise a skipped describe, with the reason printed. */
export function describeWhen(req: Requirement, file: string): typeof describe | typeof describe.skip {
  if (req.ok) return describe;
  if (process.env.CI) throw new Error(`${file}: ${req.why}; CI must run every suite`);
  console.warn(`skipped ${file}: ${req.why}`);
  return describe.skip;
}
