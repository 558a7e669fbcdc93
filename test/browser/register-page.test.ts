// The Art. 30 register as the DPO reads and prints it: rendered by Chromium, axe-clean, at a desk
// and on a phone, and printed to an A4 PDF. From the policy alone: no server, no database.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerHtml } from '../../src/register/formats.ts';
import { registerOf } from '../../src/register/register.ts';
import { loadPolicyOrThrow } from '../../src/runtime.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

// GARDE_SCREENSHOTS=1 writes the pictures docs/ shows (docs/register.md).
const SHOTS = process.env.GARDE_SCREENSHOTS === '1';

describeWhen(CHROMIUM_REQUIRED, 'test/browser/register-page.test.ts')('the register page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is axe-clean at 1280 and 360 px, and prints to an A4 PDF, the Art. 30(2) table included', async () => {
    const energy = await loadPolicyOrThrow('policies/energy-services.yaml');
    const page = await browser.newPage();
    await page.setContent(registerHtml(registerOf(energy, 'fr')));
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h2').allInnerTexts()).toEqual([
      'En tant que responsable du traitement (art. 30, § 1)',
      'En tant que sous-traitant (art. 30, § 2)',
    ]);
    expect(await page.locator('section').count()).toBe(energy.purposes.length + 1);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await axeViolations(page), `${width} px`).toEqual([]);
      if (SHOTS) await page.screenshot({ path: `docs/screenshots/register-${width}.png` });
    }
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
