// The record of processing activities (GDPR Art. 30) drawn from each example policy: a row per
// purpose, every column answered in words (never blank, never a code or an ISO duration), and
// the same rows in every file a DPO may ask for. EN-2: a policy that processes for a partner
// has the Art. 30(2) table.

import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { HOSTILE_PURPOSE, hostileBank } from '../../test/support/hostile-policy.ts';
import { energyWithJointController, JOINT } from '../../test/support/joint-policy.ts';
import { POLICIES } from '../../test/support/policies.ts';
import { policyVariant } from '../../test/support/policy-variant.ts';
import type { Policy } from '../policy/schema.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { wordsIn } from '../words/words.ts';
import { registerCsv, registerHtml, registerXlsx } from './formats.ts';
import { CONTROLLER_COLUMNS, declaredLanguage, PROCESSOR_COLUMNS, registerOf } from './register.ts';

const ISO_DURATION = /\bP(?:\d+[YMWD])+(?:T\d+[HMS])*\b|\bPT\d+[HMS]\b/;

/** Every id the policy uses that a person would read as a code: its kebab-case ids. */
function codesOf(p: Policy): string[] {
  const ids = [
    ...p.purposes.map((x) => x.id),
    ...p.categories.map((x) => x.id),
    ...p.recipients.map((x) => x.id),
    ...p.retention.map((x) => x.id),
    ...(p.sources ?? []).map((x) => x.id),
    ...p.dataSubjects.map((x) => x.id),
    ...(p.datasets ?? []).map((x) => x.id),
    ...(p.partnerControllers ?? []).map((x) => x.id),
  ];
  return [...new Set(ids.filter((id) => id.includes('-')))];
}

describe.each(POLICIES)('the register of %s', (file) => {
  it('has one row per purpose in every declared language, each Art. 30(1) column answered in words', async () => {
    const policy = await loadPolicyOrThrow(file);
    for (const language of policy.policy.languages) {
      const r = registerOf(policy, language);
      const notStated = wordsIn(policy, language).say('register.notStated');
      expect(r.controller.rows.map((row) => row.id)).toEqual(policy.purposes.map((x) => x.id));
      expect(r.controller.columns.map((c) => c.id)).toEqual([...CONTROLLER_COLUMNS]);
      for (const c of r.controller.columns) expect(c.title, c.id).not.toMatch(/^register\./);
      for (const row of r.controller.rows)
        for (const column of CONTROLLER_COLUMNS) {
          const cell = row.cells[column];
          expect(cell.trim(), `${row.id} ${column} (${language})`).not.toBe('');
          expect(cell, `${row.id} ${column}`).not.toMatch(ISO_DURATION);
          expect(cell, `${row.id} ${column}`).not.toMatch(
            /\b(register|legalBasis|clock|recipientKind|transfer)\.[a-z]/,
          );
          for (const code of codesOf(policy)) expect(cell, `${row.id} ${column}`).not.toContain(code);
        }
      // A column the policy is silent about says so in the register's language.
      if (!policy.controller.dpo) for (const row of r.controller.rows) expect(row.cells.dpo).toBe(notStated);
      // A country by its name, never its ISO code.
      for (const row of r.controller.rows)
        for (const recipient of policy.recipients.filter((y) => y.country && y.purposes.includes(row.id)))
          expect(row.cells.recipients).not.toContain(`, ${recipient.country})`);
    }
  });

  it('holds the same rows in CSV and XLSX as in the model, and the XLSX has a sheet per table', async () => {
    const policy = await loadPolicyOrThrow(file);
    const r = registerOf(policy, policy.policy.languages[0] as string);
    const expected = [
      r.controller.columns.map((c) => c.title),
      ...r.controller.rows.map((row) => CONTROLLER_COLUMNS.map((c) => row.cells[c])),
    ];
    const csv = parse(registerCsv(r), { bom: true }) as string[][];
    expect(csv).toEqual(expected);
    const sheets = await readXlsxFile(await registerXlsx(r));
    expect(sheets.map((s) => s.sheet)).toEqual(r.processor ? ['Art. 30(1)', 'Art. 30(2)'] : ['Art. 30(1)']);
    expect(sheets[0]?.data).toEqual(expected);
    if (r.processor)
      expect(sheets[1]?.data).toEqual([
        r.processor.columns.map((c) => c.title),
        ...r.processor.rows.map((row) => PROCESSOR_COLUMNS.map((c) => row.cells[c])),
      ]);
  });

  it('prints as one page in the register’s language, every purpose a section of its own', async () => {
    const policy = await loadPolicyOrThrow(file);
    const language = policy.policy.languages.at(-1) as string;
    const r = registerOf(policy, language);
    const page = registerHtml(r);
    expect(page).toContain(`<html lang="${language}">`);
    expect(page).toContain('@page{size:A4');
    expect(page.match(/<section>/g)).toHaveLength(r.controller.rows.length + (r.processor?.rows.length ?? 0));
    expect(page.match(/<th scope="row">/g)?.length).toBe(
      r.controller.rows.length * (CONTROLLER_COLUMNS.length - 1) +
        (r.processor?.rows.length ?? 0) * (PROCESSOR_COLUMNS.length - 1),
    );
  });
});

describe('the register of the bank', () => {
  it('says how long and where, and to whom in which country, in the words of each language', async () => {
    const bank = await loadPolicyOrThrow('policies/retail-bank.yaml');
    const en = registerOf(bank, 'en').controller.rows.find((r) => r.id === 'web-personalisation');
    expect(en?.cells.retention).toContain('Browsing behaviour after login: 1 year from when it happened');
    expect(en?.cells.retention).toContain('Identity data: not stated');
    expect(en?.cells.legalBasis).toBe('consent of the data subject, explicit (Art. 6(1)(a))');
    expect(en?.cells.recipients).toBe('Modèles Analytiques SA (processor, Belgium)');
    expect(en?.cells.storage).toContain(
      'Identity data: Garde (consent and preference register), Core banking system',
    );
    const fr = registerOf(bank, 'fr').controller.rows.find((r) => r.id === 'commercial-proposals');
    expect(fr?.cells.recipients).toContain('Envois Postaux BV (sous-traitant, Pays-Bas)');
    expect(fr?.cells.transfers).toBe('aucun : chaque destinataire est établi dans l’EEE');
    expect(fr?.cells.dpo).toBe('non précisé');
    expect(registerOf(bank, 'nl').controller.rows[0]?.cells.retention).toContain('1 jaar');
  });

  it('names a transfer outside the EEA with its country and safeguard, never its codes', async () => {
    const policy = await loadPolicyOrThrow(
      await policyVariant('policies/retail-bank.yaml', (doc) => {
        const r = doc.recipients.find((x: { id: string }) => x.id === 'analytics-processor');
        r.country = 'US';
        r.safeguard = { mechanism: 'scc' };
      }),
    );
    const row = registerOf(policy, 'en').controller.rows.find((r) => r.id === 'web-personalisation');
    expect(row?.cells.transfers).toBe(
      'Modèles Analytiques SA, United States: standard contractual clauses (Art. 46(2)(c))',
    );
    expect(registerOf(policy, 'fr').controller.rows[0]?.cells.transfers).toBe(
      'Modèles Analytiques SA, États-Unis : clauses contractuelles types (art. 46, § 2, c))',
    );
  });

  it('has no Art. 30(2) table: the bank processes for no partner', async () => {
    expect(registerOf(await loadPolicyOrThrow('policies/retail-bank.yaml'), 'en').processor).toBeNull();
  });

  it('is asked in a language the policy declares, whatever its case', async () => {
    const bank = await loadPolicyOrThrow('policies/retail-bank.yaml');
    expect(declaredLanguage(bank, 'NL')).toBe('nl');
    expect(declaredLanguage(bank, 'de')).toBeUndefined();
  });
});

describe('the register of a policy whose text tries to become markup (E18)', () => {
  it('prints it as text: every tag and address escaped, nothing a link or a script', async () => {
    const hostile = await loadPolicyOrThrow(await hostileBank());
    const page = registerHtml(registerOf(hostile, 'en'));
    expect(page).not.toMatch(/<script|<img|<b>|<a /);
    expect(page).not.toContain(HOSTILE_PURPOSE);
    expect(page).toContain(
      '<h3>See https://a.example/x&lt;script&gt;alert(1)&lt;/script&gt; | *x* [y](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt; `code`</h3>',
    );
  });
});

describe('the register as a workbook', () => {
  it('has bold, wrapped headers, set column widths and a header row that stays in view', async () => {
    const bank = await loadPolicyOrThrow('policies/retail-bank.yaml');
    const files = unzipSync(new Uint8Array(await registerXlsx(registerOf(bank, 'en'))));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array);
    const styles = strFromU8(files['xl/styles.xml'] as Uint8Array);
    expect(styles).toContain('<b/>');
    expect(styles).toContain('wrapText="1"');
    expect(sheet.match(/<col /g)).toHaveLength(CONTROLLER_COLUMNS.length);
    expect(sheet).toContain('<col min="1" max="1" width="48" customWidth="1"/>');
    expect(sheet).toMatch(/<pane ySplit="1"[^>]*state="frozen"/);
  });
});

describe('the register of a policy that processes for a partner (EN-2)', () => {
  it('has an Art. 30(2) row per partner: the partner, the processor, what is processed, security', async () => {
    const energy = await loadPolicyOrThrow('policies/energy-services.yaml');
    const partner = energy.partnerControllers?.[0];
    expect(partner).toBeDefined();
    const r = registerOf(energy, 'en');
    expect(r.processor?.title).toBe('As processor (Art. 30(2))');
    expect(r.processor?.rows.map((row) => row.id)).toEqual(energy.partnerControllers?.map((c) => c.id));
    const cells = r.processor?.rows[0]?.cells;
    expect(cells?.onBehalfOf).toContain(partner?.name);
    expect(cells?.processor).toContain(energy.controller.name);
    expect(cells?.processing).toBe('Identification data; Contract and billing data');
    expect(cells?.security).toContain('encryption in transit');
    expect(cells?.transfers).toBe('not stated');
  });
});

describe('the register of a purpose with joint controllers (Art. 26)', () => {
  it('names every party and the contact point on that purpose only', async () => {
    const policy = await energyWithJointController();
    const [first, second] = registerOf(policy, 'en').controller.rows;
    expect(first?.cells.jointControllers).toBe(
      `${policy.controller.entities[0]?.name} and ${JOINT.name}, ${JOINT.contact}, contact point: Customer service`,
    );
    expect(second?.cells.jointControllers).toBe('none');
  });
});
