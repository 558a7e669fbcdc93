// The notice as a PDF: the HTML page printed by Chromium (through playwright-core), so the PDF
// never drifts from the page: one renderer, one stylesheet (A4 from its @page rule). Tagged and
// with an outline (bookmarks from the headings), for screen readers and navigation.
import { chromium } from 'playwright-core';

/** The launch flags of a headless print: no sandbox (containers), no GPU, no network of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/** `html` printed to PDF bytes by the Chromium at `executablePath`; the browser is closed after. */
export async function printNoticePdf(html: string, executablePath: string): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // The page loads nothing from elsewhere: no script, its style inline.
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
  } finally {
    await browser.close();
  }
}
