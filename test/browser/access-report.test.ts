// The Art. 15 report as a person reads it: rendered by Chromium and printed to PDF (EN-11).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';
import { richSubject } from '../support/rich-subject.ts';

describeWhen(CHROMIUM_REQUIRED, 'test/browser/access-report.test.ts')('access report in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await testApp('pglite', { policy: 'policies/energy-services.yaml' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t.dispose();
  });

  it('renders every category with its data, and prints to a PDF', async () => {
    const s = await richSubject(t.deps, { lifecycle: 'customer', events: 30 });
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${s.id}/access-report?format=html&language=fr`,
      headers: { authorization: `Bearer ${s.customerKey}` },
    });
    expect(res.statusCode).toBe(200);
    const page = await browser.newPage();
    await page.setContent(res.body);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toContain('Vos données personnelles détenues par');
    const sections = await page.locator('section h2').allInnerTexts();
    expect(sections.some((h) => h.includes('(identification'))).toBe(true);
    expect(sections.some((h) => h.includes('(contract-billing'))).toBe(true);
    // French from the policy and from the report itself, and the person's rows.
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).toContain("Données d'identification");
    expect(body).toContain('Combien de temps nous les gardons');
    expect(body).toContain('Vous pouvez introduire une plainte auprès de');
    expect(await page.locator('table').count()).toBeGreaterThan(5);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    await page.close();
  });
});
