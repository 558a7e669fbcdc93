// `npm run bench -- web [rounds]`: the privacy page's first render in Chromium on the demo data
// (`garde serve --demo`), beside a raw baseline loaded the same way from the same server (its
// /health document: no script, one line of text), and the JavaScript it loads first, gzipped,
// beside its budget (100 kB, issue 14). The staff console's first render too (issue 15): from
// navigation to its role's navigation being visible, signed in as the demo DPO (the session
// cookie set before, as after the sign-in form). Each navigation opens a fresh context: a cold
// cache. Then the DPO's requests queue over 50,000 requests (issue 15, bench/requests-queue.ts).
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { ensureWebBuild } from '../src/web/build.ts';
import { launchChromium } from '../test/support/browser.ts';
import { stop } from '../test/support/cli.ts';
import { type Bench, type Figure, median, startBenchServer } from './harness.ts';
import { prepareQueue, QUEUE_REQUESTS, queueFigures } from './requests-queue.ts';

const JS_BUDGET = 100 * 1024;

/**
 * Milliseconds from navigation start until `selector` exists, in a fresh context (`prepare` may
 * set it up first: a session cookie).
 */
async function firstRender(
  browser: Browser,
  url: string,
  selector: string,
  prepare: (context: BrowserContext) => Promise<void> = async () => {},
): Promise<number> {
  const context = await browser.newContext();
  await prepare(context);
  const page = await context.newPage();
  // A string, not a function: tsx would wrap a named arrow in a helper the page does not have.
  await page.addInitScript(`
    new MutationObserver((_, o) => {
      if (document.querySelector(${JSON.stringify(selector)})) {
        window.rendered = performance.now();
        o.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  `);
  // Generous: the first start's daily upkeep (retention, rescoring) may still hold the server.
  await page.goto(url, { timeout: 180_000 });
  await page.locator(selector).first().waitFor({ timeout: 180_000 });
  const ms = await page.evaluate(() => (window as unknown as { rendered: number }).rendered);
  await context.close();
  return ms;
}

/** The JavaScript index.html loads first (scripts and module preloads), gzipped. */
async function firstLoadJs(base: string): Promise<number> {
  const index = await (await fetch(`${base}/privacy/`)).text();
  let bytes = 0;
  for (const m of index.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)) {
    const body = Buffer.from(await (await fetch(new URL(m[1] as string, base))).arrayBuffer());
    bytes += gzipSync(body, { level: 9 }).length;
  }
  return bytes;
}

export const webBench: Bench = {
  name: 'web',
  description:
    'the privacy page and the staff console: first render in Chromium, and first-load JS, beside a raw page; the requests queue over 50,000 requests beside raw SQL',
  async run(ctx) {
    const rounds = Number(ctx.args[0] ?? 15);
    await ensureWebBuild((line) => console.log(line));
    const { db, env } = await ctx.freshStore();
    console.log(`seeding ${QUEUE_REQUESTS.toLocaleString('en')} rights requests (set-based)...`);
    const queue = await prepareQueue(db, 'policies/retail-bank.yaml', rounds);
    await db.close();
    console.log('seeding the demo data (garde serve --demo)...');
    const server = await startBenchServer(env, 'policies/retail-bank.yaml', ['--demo']);
    const browser = await launchChromium();
    try {
      const page: number[] = [];
      const raw: number[] = [];
      const staff: number[] = [];
      // The demo DPO's key, printed by `garde serve --demo` with the address.
      const key = /demo dpo\s+key: (\S+)/.exec(server.output())?.[1];
      if (!key) throw new Error('garde serve --demo printed no demo dpo key');
      const signIn = async (context: BrowserContext) => {
        const res = await context.request.post(`${server.url}/v1/console/sessions`, {
          data: { key },
          headers: { origin: server.url },
        });
        if (res.status() !== 201) throw new Error(`console sign-in answered ${res.status()}`);
      };
      const console_ = () => firstRender(browser, `${server.url}/console/`, 'nav.views a', signIn);
      // One warm-up each (the server's first answers), then alternate so all see the same machine.
      await firstRender(browser, `${server.url}/privacy/`, 'h1');
      await firstRender(browser, `${server.url}/health`, 'body > *');
      await console_();
      for (let i = 0; i < rounds; i++) {
        page.push(await firstRender(browser, `${server.url}/privacy/`, 'h1'));
        raw.push(await firstRender(browser, `${server.url}/health`, 'body > *'));
        staff.push(await console_());
      }
      const ms = median(page);
      const rawMs = median(raw);
      const staffMs = median(staff);
      const js = await firstLoadJs(server.url);
      const figures: Figure[] = [
        {
          metric: `first render (median of ${rounds}, cold cache)`,
          value: ms,
          unit: 'ms',
          baseline: rawMs,
          ratio: rawMs / ms,
          goal: 'under 1,000 ms',
        },
        {
          metric: `console: first render, signed in, to the role's navigation (median of ${rounds}, cold cache)`,
          value: staffMs,
          unit: 'ms',
          baseline: rawMs,
          ratio: rawMs / staffMs,
          goal: 'under 1,000 ms',
        },
        {
          metric: 'first-load JavaScript, gzipped (baseline: the budget)',
          value: js / 1024,
          unit: 'kB',
          baseline: JS_BUDGET / 1024,
          ratio: js / JS_BUDGET,
          goal: 'under 1.00x of 100 kB',
        },
        ...(await queueFigures(server.url, queue, rounds)),
      ];
      return figures;
    } finally {
      await browser.close();
      await stop(server.child);
    }
  },
};
