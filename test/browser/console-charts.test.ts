// The console's bar charts keep room for their bars on a phone (issue 15): at 360 CSS pixels the
// label column takes at most two fifths of the chart, labels wrap or end with an ellipsis inside
// it, and the table that follows gives every label in full; at 1280 px a label shows whole. The
// retention forecast is the chart with the longest labels (a rule and its category's name).
import { mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { serveConsole } from '../support/console-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

const SHOTS = '/tmp/garde-shots';

// One backend is enough: the chart's layout is the browser's, not the database's.
const backend = BACKENDS[0];
if (backend)
  describeWhen(CHROMIUM_REQUIRED, 'test/browser/console-charts.test.ts')(
    `the console's charts, on ${backend}`,
    () => {
      // Behaviour, so the forecast has rows to draw as bars.
      const served = serveConsole(backend, { subjects: 60, behaviour: true });

      it.each([360, 1280])(
        'at %i px the labels take at most two fifths of the chart, and the table has them whole',
        async (width) => {
          const { page, close } = await served.openConsole('dpo');
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${served.base}/console/?view=dpo-retention&language=fr`);
          await page.locator('#count').click();
          const chart = page.locator('#retention-chart');
          await chart.locator('.recharts-yAxis-tick-labels').waitFor();
          const box = await chart.locator('.recharts-wrapper').boundingBox();
          const labels = await chart.locator('.recharts-yAxis-tick-labels').boundingBox();
          if (!box || !labels) throw new Error('the chart did not render');
          // Inside the chart, and no wider than two fifths of it (the tick line's margin aside).
          expect(labels.x).toBeGreaterThanOrEqual(box.x - 1);
          expect(labels.width).toBeLessThanOrEqual(box.width * 0.4 + 8);
          // A label's lines, joined as one text again.
          const shown = await chart.locator('.recharts-yAxis-tick-labels text').evaluateAll((texts) =>
            texts.map((t) =>
              [...t.querySelectorAll('tspan')]
                .map((l) => l.textContent ?? '')
                // A line broken after a hyphen goes on without a space.
                .reduce((all, l) => (!all ? l : all.endsWith('-') ? `${all}${l}` : `${all} ${l}`), ''),
            ),
          );
          const full = await page
            .locator('#retention-table tbody tr')
            .evaluateAll((rows) =>
              rows.map(
                (r) =>
                  `${r.querySelector('th')?.textContent ?? ''} — ${r.querySelector('td')?.textContent ?? ''}`,
              ),
            );
          expect(shown.length).toBe(full.length);
          if (width === 1280) expect(shown).toEqual(full);
          // On a phone, a label cut short ends with an ellipsis; the table still says it in full.
          else for (const [i, s] of shown.entries()) if (s !== full[i]) expect(s).toMatch(/…$/);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          expect(await axeViolations(page)).toEqual([]);
          mkdirSync(SHOTS, { recursive: true });
          await chart.screenshot({ path: `${SHOTS}/retention-chart-${width}.png` });
          await page.screenshot({ path: `${SHOTS}/retention-${width}.png`, fullPage: true });
          await close();
        },
      );
    },
  );
