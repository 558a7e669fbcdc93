// What the Art. 15 report says about whom to turn to: the controller, its data protection officer
// when the policy names one, and the supervisory authority when the notice names one. Pure.
import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/schema.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { accessReport } from './access.ts';
import { renderAccessReport } from './render.ts';

const bank = await loadPolicyOrThrow('policies/retail-bank.yaml');
const NOW = new Date('2026-06-15T10:00:00.000Z');
const SUBJECT = '6f1c9a52-3b7e-4d10-9a8f-2c4e5b6d7e80';
const DPO = {
  name: 'Dr. Alex Martin',
  email: 'dpo@example.test',
  address: 'DPO office, Rue Exemple 1, 1000 Bruxelles',
  url: 'https://example.test/dpo',
};
const withController = (changes: Partial<Policy['controller']>): Policy => ({
  ...bank,
  controller: { ...bank.controller, ...changes },
});

describe('the access report names whom to turn to', () => {
  it('names the data protection officer with a contact of their own, apart from the privacy mailbox (Art. 13(1)(b), 15)', () => {
    const report = accessReport(withController({ dpo: DPO }), SUBJECT, [], NOW, 'fr');
    expect(report.controller).toEqual({
      name: bank.controller.name,
      address: bank.controller.address,
      privacyContact: bank.controller.privacyContact,
      dpo: DPO,
    });
    expect(renderAccessReport(report)).toContain(
      `<p>Délégué à la protection des données : ${DPO.name}, ${DPO.email}, ${DPO.address}, ${DPO.url}.</p>`,
    );
    const bare = accessReport(withController({ dpo: { email: DPO.email } }), SUBJECT, [], NOW, 'en');
    expect(bare.controller.dpo).toEqual({ email: DPO.email });
    expect(renderAccessReport(bare)).toContain(`<p>Data protection officer: ${DPO.email}.</p>`);
  });

  it('names no data protection officer when the policy names none', () => {
    const report = accessReport(bank, SUBJECT, [], NOW, 'en');
    expect(report.controller).not.toHaveProperty('dpo');
    expect(renderAccessReport(report)).not.toContain('Data protection officer');
  });

  it('a policy that names no supervisory authority still tells the right to complain, with no authority invented and no "undefined" (Art. 15(1)(f))', () => {
    const { supervisoryAuthority: _, ...controller } = bank.controller;
    for (const language of ['en', 'fr', 'nl']) {
      const report = accessReport({ ...bank, controller }, SUBJECT, [], NOW, language);
      expect(report.rights).not.toHaveProperty('complaint');
      const page = renderAccessReport(report);
      expect(page).not.toContain('undefined');
      expect(page).not.toContain(bank.controller.supervisoryAuthority?.url as string);
    }
    const page = renderAccessReport(accessReport({ ...bank, controller }, SUBJECT, [], NOW, 'en'));
    expect(page).toContain('<p>You may complain to a data protection supervisory authority, in particular');
  });

  it('names the supervisory authority the policy names, with its page and address', () => {
    const authority = bank.controller.supervisoryAuthority;
    const report = accessReport(bank, SUBJECT, [], NOW, 'en');
    expect(report.rights.complaint).toEqual({
      authority: authority?.name,
      url: authority?.url,
      address: authority?.address,
    });
    expect(renderAccessReport(report)).toContain(
      `You may complain to ${authority?.name} (<a href="${authority?.url}">`,
    );
  });
});
