// The console reflows at 360 CSS pixels (WCAG 1.4.10: 320 px at 400 % zoom of a 1280 px screen,
// here the narrowest common phone), in Debian's Chromium: signed in as each role, every screen in
// its navigation shows without the page scrolling sideways. Wide data tables scroll inside their
// own box (the criterion's exception for tables), which the keyboard reaches; the page itself
// never does. axe finds nothing on any screen at that width, where the tables do scroll.
import { mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from '../../src/keys/model.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { serveConsole } from '../support/console-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

const REGISTRY_MODULE = '../../web/console/src/views.ts';
type Registry = { VIEWS: readonly { id: string; roles: readonly StaffRole[]; listed?: false }[] };
const { VIEWS } = (await import(REGISTRY_MODULE)) as Registry;
const SHOTS = process.env.GARDE_SCREENSHOTS === '1';
const WIDTH = 360;

// One backend is enough: reflow is the page's layout, not the database's.
const backend = BACKENDS[0];
if (backend)
  describeWhen(CHROMIUM_REQUIRED, 'test/browser/console-reflow.test.ts')(
    `the console at ${WIDTH} px, on ${backend}`,
    () => {
      const served = serveConsole(backend, { subjects: 30, behaviour: false });

      it.each(STAFF_ROLES)(
        'signed in as %s, no screen scrolls sideways and axe finds nothing',
        async (role) => {
          const { page, close } = await served.openConsole(role);
          await page.setViewportSize({ width: WIDTH, height: 800 });
          if (SHOTS) mkdirSync('/tmp/garde-reflow', { recursive: true });
          const wide: string[] = [];
          const axe: string[] = [];
          for (const view of VIEWS.filter((v) => v.roles.includes(role) && v.listed !== false)) {
            await page.goto(`${served.base}/console/?view=${view.id}&language=fr`);
            await page.waitForSelector('h1');
            await page.waitForLoadState('networkidle');
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            if (width > WIDTH) wide.push(`${view.id}: ${width}px`);
            for (const v of await axeViolations(page)) axe.push(`${view.id}: ${v}`);
            if (SHOTS) await page.screenshot({ path: `/tmp/garde-reflow/${view.id}.png`, fullPage: true });
          }
          expect(wide).toEqual([]);
          expect(axe).toEqual([]);
          await close();
        },
      );
    },
  );
