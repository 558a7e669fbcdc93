// `garde policy ropa` and `garde policy dpv`: the register and the machine-readable notice from a
// policy file, with no database and no server; a wrong language or a broken file is told plainly.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyRopa } from '../../src/cli/register.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { garde, stopAll } from '../support/cli.ts';

describe('garde policy ropa and dpv', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garde-documents-'));
  });
  afterAll(async () => {
    stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the register as CSV in the asked language on standard output', async () => {
    const r = await garde([
      'policy',
      'ropa',
      'policies/energy-services.yaml',
      '--format',
      'csv',
      '--lang',
      'nl',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\uFEFFDoel van de verwerking,')).toBe(true);
  });

  it('writes the workbook to the file --output names, a sheet per table', async () => {
    const file = join(dir, 'register.xlsx');
    const r = await garde([
      'policy',
      'ropa',
      'policies/energy-services.yaml',
      '--format',
      'xlsx',
      '--output',
      file,
    ]);
    expect(r.code).toBe(0);
    const sheets = await readXlsxFile(await readFile(file));
    expect(sheets.map((s) => s.sheet)).toEqual(['Art. 30(1)', 'Art. 30(2)']);
  });

  it('writes the Art. 30(2) table as a CSV of its own with --table processor, a row per partner (F24)', async () => {
    const r = await garde([
      'policy',
      'ropa',
      'policies/energy-services.yaml',
      '--format',
      'csv',
      '--table',
      'processor',
      '--lang',
      'en',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\uFEFFController on whose behalf the processor acts,')).toBe(true);
    expect(r.stdout.trim().split('\r\n')).toHaveLength(2);
  });

  it('refuses --table processor for a policy that processes for no partner, and --table with a format that holds every table', async () => {
    const none = policyRopa('policies/retail-bank.yaml', { format: 'csv', table: 'processor' });
    await expect(none).rejects.toThrow(UsageError);
    await expect(none).rejects.toThrow(
      'the policy processes for no partner (it declares no partnerControllers): it has no Art. 30(2) table',
    );
    await expect(
      policyRopa('policies/energy-services.yaml', { format: 'html', table: 'processor' }),
    ).rejects.toThrow('--table is for --format csv: the html register holds every table');
  });

  it('refuses to write a workbook to a terminal, and asks for --output', async () => {
    const tty = process.stdout.isTTY;
    process.stdout.isTTY = true;
    try {
      const refused = policyRopa('policies/energy-services.yaml', { format: 'xlsx' });
      await expect(refused).rejects.toThrow(UsageError);
      await expect(refused).rejects.toThrow('name a file with --output FILE.xlsx');
    } finally {
      process.stdout.isTTY = tty;
    }
  });

  it('names the languages the policy declares when asked for another, with exit code 2', async () => {
    const r = await garde(['policy', 'ropa', 'policies/retail-bank.yaml', '--lang', 'de']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the policy does not speak "de": its languages are fr, nl, en');
  });

  it('prints the problems of a broken policy file, with exit code 1', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      (await readFile('test/fixtures/minimal-policy.yaml', 'utf8')).replace('    legalBasis: consent\n', ''),
    );
    const r = await garde(['policy', 'ropa', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: purposes\[newsletter\]: missing required key "legalBasis"/);
    expect(r.stdout).toBe('');
  });

  it('prints the machine-readable notice as JSON-LD', async () => {
    const r = await garde(['policy', 'dpv', 'policies/retail-bank.yaml']);
    expect(r.code).toBe(0);
    const notice = JSON.parse(r.stdout);
    expect(notice['@type']).toBe('dpv:PrivacyNotice');
    expect(notice['@context'].dpv).toBe('https://w3id.org/dpv#');
  });
});
