// The privacy notice as a person reads it (issue 17): /notice in Chromium is accessible at desktop
// and phone widths (axe, every WCAG 2.2 AA rule), and printing it gives A4 pages with its text.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { servePage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

// Set to a folder to write the screenshots there (notice-1280.png, notice-360.png, notice-print.png).
const SHOTS = process.env.GARDE_SCREENSHOTS;

describeWhen(CHROMIUM_REQUIRED, 'test/browser/notice.test.ts')('the privacy notice in Chromium', () => {
  const served = servePage('pglite', { policy: 'policies/retail-bank.yaml' });
  let page: Awaited<ReturnType<typeof served.browser.newPage>>;
  beforeAll(async () => {
    page = await served.browser.newPage();
  });
  afterAll(() => page?.close());

  for (const width of [1280, 360]) {
    it(`is axe-clean at ${width} px, one h1, its landmarks and a table of contents`, async () => {
      await page.setViewportSize({ width, height: 900 });
      const res = await page.goto(`${served.base}/notice?lang=fr`);
      expect(res?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await page.locator('h1').count()).toBe(1);
      for (const landmark of ['banner', 'main', 'contentinfo'])
        expect(await page.getByRole(landmark as 'main').count(), landmark).toBe(1);
      const toc = page.getByRole('navigation', { name: 'Sommaire' });
      expect(await toc.getByRole('link').count()).toBeGreaterThan(10);
      expect(await page.getByRole('link', { name: 'English' }).getAttribute('href')).toBe('/notice?lang=en');
      expect(await axeViolations(page)).toEqual([]);
      // The page is as wide as the screen: a wide table scrolls inside its own region.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/notice-${width}.png`, fullPage: true });
    });
  }

  it('prints to A4 pages (595 x 842 pt) that hold the notice’s text', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${served.base}/notice?lang=en`);
    const pdf = await page.pdf({ preferCSSPageSize: true, tagged: true, outline: true });
    const raw = pdf.toString('latin1');
    const boxes = [...raw.matchAll(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)];
    expect(boxes.length).toBeGreaterThan(2);
    for (const [, w, h] of boxes) expect([Math.round(Number(w)), Math.round(Number(h))]).toEqual([595, 842]);
    // Tagged (a structure tree for assistive technology) and outlined (bookmarks).
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/Outlines');
    // The text is there: the printed page is the one on screen, in print media.
    await page.emulateMedia({ media: 'print' });
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered in print media is the point
    const text = await page.locator('body').innerText();
    expect(text).toContain('How long we keep your data');
    expect(text).toContain('1 year from when it happened');
    expect(await page.locator('.languages').isVisible()).toBe(false);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/notice-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });
});
