// axe-core on a page in the browser tests, read once. Evaluated by the driver (page.evaluate), not
// injected as a script tag: the privacy page's CSP allows no inline script of its own.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 AA, as the privacy page promises it. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

export type AxeViolation = { id: string; nodes: unknown[] };
type AxeWindow = { axe: { run(o: object): Promise<{ violations: AxeViolation[] }> } };

/** axe's violations of `tags` on the page as it is now; axe is added to the page once. */
export async function axeRun(page: Page, tags: string[] = WCAG_TAGS): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(
    (values) => (window as unknown as AxeWindow).axe.run({ runOnly: { type: 'tag', values } }),
    tags,
  );
  return result.violations;
}

/** The ids of axe's WCAG 2.2 AA violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  return (await axeRun(page)).map((v) => v.id);
}
