// What the Art. 15 report says about whom to turn to: the controller, its data protection officer
// when the policy names one, and the supervisory authority when the notice names one. Pure.
import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/schema.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { wordsIn } from '../words/words.ts';
import { type AccessReport, accessReport } from './access.ts';
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
// The bank's notice names no authority; the tests that need one add it.
const AUTHORITY = {
  name: 'Autorité de protection des données',
  url: 'https://www.autoriteprotectiondonnees.be',
  address: 'Rue de la Presse 35, 1000 Bruxelles',
};
/** The page in the report's own language, as the route renders it. */
const render = (report: AccessReport) => renderAccessReport(report, wordsIn(bank, report.language));
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
    expect(render(report)).toContain(
      `<p>Délégué à la protection des données : ${DPO.name}, ${DPO.email}, ${DPO.address}, ${DPO.url}.</p>`,
    );
    const bare = accessReport(withController({ dpo: { email: DPO.email } }), SUBJECT, [], NOW, 'en');
    expect(bare.controller.dpo).toEqual({ email: DPO.email });
    expect(render(bare)).toContain(`<p>Data protection officer: ${DPO.email}.</p>`);
  });

  it('names no data protection officer when the policy names none', () => {
    const report = accessReport(bank, SUBJECT, [], NOW, 'en');
    expect(report.controller).not.toHaveProperty('dpo');
    expect(render(report)).not.toContain('Data protection officer');
  });

  it('a policy that names no supervisory authority still tells the right to complain, with no authority invented and no "undefined" (Art. 15(1)(f))', () => {
    const { supervisoryAuthority: _, ...controller } = withController({
      supervisoryAuthority: AUTHORITY,
    }).controller;
    for (const language of ['en', 'fr', 'nl']) {
      const report = accessReport({ ...bank, controller }, SUBJECT, [], NOW, language);
      expect(report.rights).not.toHaveProperty('complaint');
      const page = render(report);
      expect(page).not.toContain('undefined');
      expect(page).not.toContain(AUTHORITY.url);
      expect(page).not.toContain(AUTHORITY.name);
    }
    const page = render(accessReport({ ...bank, controller }, SUBJECT, [], NOW, 'en'));
    expect(page).toContain('<p>You may complain to a data protection supervisory authority, in particular');
  });

  it('names the supervisory authority the policy names, with its page and address', () => {
    const report = accessReport(withController({ supervisoryAuthority: AUTHORITY }), SUBJECT, [], NOW, 'en');
    expect(report.rights.complaint).toEqual({
      authority: AUTHORITY.name,
      url: AUTHORITY.url,
      address: AUTHORITY.address,
    });
    expect(render(report)).toContain(`You may complain to ${AUTHORITY.name} (<a href="${AUTHORITY.url}">`);
  });
});
