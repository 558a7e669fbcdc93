// axe-core on a page in the browser tests, read once. Evaluated by the driver (page.evaluate), not
// injected as a script tag: the privacy page's CSP allows no inline script of its own.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Every rule of axe that applies to what the pages promise: WCAG 2.0, 2.1 and 2.2 at levels A and
 * AA, and axe's best practices (`region`, `landmark-*`, `heading-order`, `scrollable-region-…`).
 * Selected by tag rather than left to axe's defaults: axe 4.14 ships `target-size` (WCAG 2.2 AA,
 * 2.5.8) disabled, and a run by tag turns it on. What this leaves out is only what axe itself
 * leaves out by default: its experimental and deprecated rules, and level AAA.
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export type AxeViolation = { id: string; nodes: { target: unknown[] }[] };
type AxeWindow = { axe: { run(o: object): Promise<{ violations: AxeViolation[] }> } };

/** axe's violations on the page as it is now, of every rule of AXE_TAGS; axe is added to the page once. */
export async function axeRun(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(
    (values) => (window as unknown as AxeWindow).axe.run({ runOnly: { type: 'tag', values } }),
    AXE_TAGS,
  );
  return result.violations;
}

/**
 * axe's violations on the page as it is now, each as `rule: element, element…` (the elements by
 * axe's CSS selector), so a failing test names what to fix.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  return (await axeRun(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
