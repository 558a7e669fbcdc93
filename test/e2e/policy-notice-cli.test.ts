// `garde policy notice FILE`: the notice from a policy file, as a controller publishes it (issue
// 17): HTML on standard output by default, Markdown, or a PDF printed by Chromium to a file.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../support/browser.ts';
import { garde, stopAll } from '../support/cli.ts';
import { HOSTILE_PURPOSE_MD, hostileBank } from '../support/hostile-policy.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

const BANK = 'policies/retail-bank.yaml';

describe('garde policy notice', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garde-notice-'));
  });
  afterAll(async () => {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the page in the policy’s first language on standard output by default', async () => {
    const r = await garde(['policy', 'notice', BANK]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('<!doctype html>\n<html lang="fr">')).toBe(true);
    expect(r.stdout).toContain(
      '<h1>Enregistrement et usage commercial des données des clients sur nos sites web</h1>',
    );
    expect(r.stderr).toBe('');
  });

  it('writes Markdown in the language asked, to a file with --output', async () => {
    const out = join(dir, 'notice.md');
    const r = await garde(['policy', 'notice', BANK, '--lang', 'en', '--format', 'md', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const md = await readFile(out, 'utf8');
    expect(md.startsWith('# Recording and commercial use of customer data from our websites\n')).toBe(true);
    expect(md).toContain('## How long we keep your data');
  });

  it('writes Markdown that carries no raw HTML or markup from the policy’s text, even inside a web address (E18)', async () => {
    const r = await garde(['policy', 'notice', await hostileBank(), '--lang', 'en', '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`### ${HOSTILE_PURPOSE_MD}\n`);
    expect(r.stdout).not.toMatch(/(?<!\\)<(script|img|b>|\/)/);
  });

  it('refuses a language the policy does not declare, naming those it does', async () => {
    const r = await garde(['policy', 'notice', BANK, '--lang', 'de']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('garde: --lang de: the policy declares fr, nl, en\n');
    expect(r.stdout).toBe('');
  });

  it('names a file --output cannot write, and why, with exit code 2 and no stack', async () => {
    const r = await garde(['policy', 'notice', BANK, '--output', join(dir, 'no-such-folder', 'n.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `garde: --output ${join(dir, 'no-such-folder', 'n.html')}: cannot write it: its folder does not exist\n`,
    );
    const folder = await garde(['policy', 'ropa', BANK, '--format', 'xlsx', '--output', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`garde: --output ${dir}: cannot write it: it is a folder\n`);
  });

  it('prints a bad policy file’s problems as policy check does, by file, line and key', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'garde: 1\npolicy:\n  id: Bad Id\n');
    const r = await garde(['policy', 'notice', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3:3: policy.id: must match pattern "^[a-z][a-z0-9-]*$" [schema]`);
    expect(r.stderr).toContain(`${bad}: 12 problem(s)`);
    expect(r.stdout).toBe('');
  });

  // util-linux's `script` runs the command on a pseudo-terminal, as a person at a shell would.
  it.skipIf(!existsSync('/usr/bin/script'))(
    'refuses to write a PDF to a terminal, asking for --output',
    async () => {
      const bin = new URL('../../bin/garde.mjs', import.meta.url).pathname;
      const command = `${process.execPath} ${bin} policy notice ${BANK} --format pdf; echo "exit $?"`;
      const out = await new Promise<string>((resolve) =>
        execFile(
          '/usr/bin/script',
          ['-qec', command, '/dev/null'],
          { env: { PATH: process.env.PATH ?? '' } },
          (_, stdout) => resolve(String(stdout)),
        ),
      );
      expect(out).toContain(
        'garde: a PDF is not for a terminal: name a file with --output FILE, or redirect the output',
      );
      expect(out).toContain('exit 2');
    },
  );

  it('names GARDE_CHROMIUM when it points at no browser', async () => {
    const r = await garde(['policy', 'notice', BANK, '--format', 'pdf', '--output', join(dir, 'x.pdf')], {
      GARDE_CHROMIUM: join(dir, 'no-such-browser'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^garde: configuration error: GARDE_CHROMIUM: .*no-such-browser is not a file/);
  });
});

describeWhen(CHROMIUM_REQUIRED, 'test/e2e/policy-notice-cli.test.ts')(
  'garde policy notice --format pdf',
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'garde-notice-pdf-'));
    });
    afterAll(async () => {
      await stopAll();
      await rm(dir, { recursive: true, force: true });
    });

    it('prints A4 pages to the file named, with Chromium found at GARDE_CHROMIUM', {
      timeout: 60_000,
    }, async () => {
      const out = join(dir, 'notice.pdf');
      const r = await garde(['policy', 'notice', BANK, '--lang', 'nl', '--format', 'pdf', '--output', out], {
        GARDE_CHROMIUM: CHROMIUM,
      });
      expect(r.code, r.stderr).toBe(0);
      const pdf = await readFile(out);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const boxes = [...pdf.toString('latin1').matchAll(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)];
      expect(boxes.length).toBeGreaterThan(1);
      for (const [, w, h] of boxes)
        expect([Math.round(Number(w)), Math.round(Number(h))]).toEqual([595, 842]);
    });
  },
);
