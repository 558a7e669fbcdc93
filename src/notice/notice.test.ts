// What the notice says, with the real values of the example policies (Art. 13, 14): a retention
// period in plain words, the cap across channels, the complaint, the legitimate interest pursued,
// a transfer safeguard, an automated decision with its logic and human review, and the gaps.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HOSTILE_CATEGORY_MD,
  HOSTILE_PURPOSE,
  HOSTILE_PURPOSE_MD,
  hostileBank,
} from '../../test/support/hostile-policy.ts';
import { loadPolicyFile } from '../policy/load.ts';
import type { Policy } from '../policy/schema.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { wordsIn } from '../words/words.ts';
import { renderNoticeHtml } from './html.ts';
import { renderNoticeMarkdown } from './markdown.ts';
import { type Notice, noticeOf, noticeText, type Section } from './notice.ts';

const policies: Record<string, Policy> = {};
beforeAll(async () => {
  for (const id of ['retail-bank', 'energy-services', 'insurer-de', 'retailer-nl']) {
    const loaded = await loadPolicyFile(`policies/${id}.yaml`);
    if (!loaded.ok) throw new Error(id);
    policies[id] = loaded.policy;
  }
});

const text = (n: Notice) => noticeText(n).join('\n');
const sectionOf = (n: Notice, id: string) => n.sections.find((s) => s.id === id) as Section;
const rowsOf = (s: Section) => s.blocks.flatMap((b) => (b.kind === 'table' ? b.rows : []));

describe('the bank’s notice', () => {
  it('carries the policy’s title, version and effective date, without its id', () => {
    const n = noticeOf(policies['retail-bank'] as Policy, 'en');
    expect(n.title).toBe('Recording and commercial use of customer data from our websites');
    expect(n.version).toBe('2026-11');
    expect(n.versionLine).toBe(
      'Recording and commercial use of customer data from our websites, version 2026-11, in force since 1 November 2026.',
    );
    expect(text(n)).not.toContain('retail-bank');
  });

  it('says how long behaviour is kept in plain words, in French and English (BK-3), and that nothing else has a stated period', () => {
    const en = rowsOf(sectionOf(noticeOf(policies['retail-bank'] as Policy, 'en'), 'retention'));
    expect(en).toContainEqual(['Browsing behaviour after login', '1 year from when it happened']);
    expect(en).toContainEqual([
      'Identity data',
      'No period is stated: this data is not deleted automatically.',
    ]);
    const fr = rowsOf(sectionOf(noticeOf(policies['retail-bank'] as Policy, 'fr'), 'retention'));
    expect(fr).toContainEqual([
      'Comportement de navigation après identification',
      '1 an à partir de leur création',
    ]);
  });

  it('states the cap across all channels, that it is a target, and what it does not count (BK-7, BK-8)', () => {
    const en = text(noticeOf(policies['retail-bank'] as Policy, 'en'));
    expect(en).toContain(
      'You receive at most one commercial message per calendar month, all channels together. This limit is a target: an exception is made only by a recorded decision. Not counted: Subscribed newsletter, alert or magazine, Website banner, Operational message and Legally required information.',
    );
    expect(text(noticeOf(policies['retail-bank'] as Policy, 'fr'))).toContain(
      'Vous recevez au plus un message commercial par mois civil, tous canaux confondus.',
    );
  });

  it('promises behaviour is recorded only once the visitor is identified, and for how long (BK-1, BK-3)', () => {
    const s = noticeText(noticeOf(policies['retail-bank'] as Policy, 'en'));
    expect(s).toContain(
      'We record your behaviour on our websites only once you have identified yourself: nothing is recorded about an anonymous visitor.',
    );
    expect(s).toContain(
      'Each event is kept 1 year, then deleted. It is used for: Record behaviour on the websites after login and derive interests from it.',
    );
  });

  it('tells the right to complain to any authority, since the notice names none', () => {
    expect(text(noticeOf(policies['retail-bank'] as Policy, 'en'))).toContain(
      'You may complain to a data protection supervisory authority, in particular in the country where you live or work or where the infringement took place.',
    );
  });

  it('says where consent is withdrawn, at any time (BK-16), and that every recipient is in the EEA', () => {
    const s = text(noticeOf(policies['retail-bank'] as Policy, 'en'));
    expect(s).toContain(
      'You may withdraw your consent at any time, as easily as you gave it: Online banking and Unsubscribe link in a commercial e-mail.',
    );
    expect(s).toContain('Every recipient named above is established in the European Economic Area');
  });
});

describe('the energy company’s notice', () => {
  it('states the legitimate interest pursued, and says "not stated" where the policy does not (EN-9)', () => {
    const s = noticeText(noticeOf(policies['energy-services'] as Policy, 'en'));
    expect(s).toContain(
      'The legitimate interest we pursue: Sending marketing messages to our existing customers.',
    );
    expect(s).toContain('The legitimate interest pursued: not stated.');
    expect(s).toContain(
      'the legitimate interest pursued for: Running the website and apps, Combine data to assess credit risk or personalise offers, Evaluate and improve products, market research, Protect rights, property and security (fraud, disputes) and Debt management and collection',
    );
  });

  it('names the authority to complain to, with its address (EN-14)', () => {
    const s = noticeText(noticeOf(policies['energy-services'] as Policy, 'fr'));
    expect(s).toContain('Vous pouvez introduire une plainte auprès de Autorité de protection des données.');
    expect(s).toContain('https://www.autoriteprotectiondonnees.be');
    expect(s).toContain('Rue de la Presse 35, 1000 Bruxelles');
  });

  it('says the ten years after the contract ends, as a legal obligation and for whom (EN-10)', () => {
    const en = rowsOf(sectionOf(noticeOf(policies['energy-services'] as Policy, 'en'), 'retention'));
    expect(en).toContainEqual([
      'Identification data',
      '10 years from the end of the contract (legal obligation), for customers and former customers',
    ]);
    expect(en).toContainEqual([
      'Identification data',
      '12 months from the last contact, for prospective customers',
    ]);
    // A period the notice states only in words is quoted.
    expect(en).toContainEqual([
      'Technical data',
      '“No longer than needed for the purposes they were collected for”',
    ]);
    const fr = rowsOf(sectionOf(noticeOf(policies['energy-services'] as Policy, 'fr'), 'retention'));
    expect(fr).toContainEqual([
      'Données contractuelles et de facturation',
      '10 ans à partir de la fin du contrat (obligation légale)',
    ]);
  });

  it('states the former-customer rule, the rights deadline and the identity proof by channel (EN-10, EN-12)', () => {
    const s = noticeText(noticeOf(policies['energy-services'] as Policy, 'en'));
    expect(s).toContain(
      'After your contract ends, we may contact you at most once per period of 1 year, for 4 years, unless you object.',
    );
    expect(s.join('\n')).toContain('We answer within 1 month of receiving your request.');
    expect(s).toContain('Where a request needs a proof of identity: By e-mail and By letter.');
  });
});

describe('the insurer’s and the retailer’s notices', () => {
  it('state an automated decision with its logic, significance and human review (IN-20)', () => {
    const s = noticeText(noticeOf(policies['insurer-de'] as Policy, 'en'));
    expect(s).toContain(
      'For “Application, risk assessment, performing the contract and handling claims”, some decisions are taken solely by automated means, with legal effects for you.',
    );
    expect(s).toContain(
      'You may obtain human review, express your point of view and contest the decision: Service hotline.',
    );
    expect(s.some((x) => x.startsWith('The logic involved: Rules and weights set in advance'))).toBe(true);
  });

  it('state the Art. 9(2) condition of health data, purpose by purpose (IN-6), and the DPO', () => {
    const s = noticeText(noticeOf(policies['insurer-de'] as Policy, 'de'));
    expect(s).toContain(
      'Gesundheitsdaten gehören zu einer besonderen Kategorie von Daten und werden hier auf Grundlage Ihrer ausdrücklichen Einwilligung (Art. 9 Abs. 2 lit. a DSGVO) verwendet.',
    );
    expect(s).toContain(
      'Sie erreichen unseren Datenschutzbeauftragten unter: datenschutz@mannheimer.de, Datenschutzbeauftragter, Augustaanlage 66, 68165 Mannheim.',
    );
  });

  it('state the transfer safeguards the notice lists, and the recipients whose country it does not (RT-37)', () => {
    const s = noticeText(noticeOf(policies['retailer-nl'] as Policy, 'en'));
    expect(s).toContain(
      'Any transfer outside the European Economic Area rests on: standard contractual clauses (Art. 46(2)(c) GDPR).',
    );
    expect(s.join('\n')).toContain('where these recipients are established: Verkooppartners');
  });
});

describe('what the notice does not state (Art. 13(2)(e), E21)', () => {
  const nameOf = (x: Policy['purposes'][number]) =>
    wordsIn(policies['energy-services'] as Policy, 'en').text(x.description);
  const gaps = (p: Policy, language: string) =>
    sectionOf(noticeOf(p, language), 'not-stated')
      .blocks.flatMap((b) => (b.kind === 'list' ? b.items : []))
      .join('\n');

  it('names every purpose that does not say whether the data must be given and what follows if not, consent-based ones aside', () => {
    const energy = policies['energy-services'] as Policy;
    const unsaid = energy.purposes.filter((x) => x.legalBasis !== 'consent');
    const en = gaps(energy, 'en');
    expect(en).toContain(
      'whether you are required to give the data, by law or by a contract, and what happens if you do not, for: ',
    );
    const line = en.split('\n').find((l) => l.startsWith('whether you are required')) ?? '';
    for (const x of unsaid) expect(line, x.id).toContain(nameOf(x));
    for (const x of energy.purposes.filter((y) => y.legalBasis === 'consent'))
      expect(line, x.id).not.toContain(nameOf(x));
    expect(gaps(energy, 'fr')).toContain(
      'si vous êtes tenu de fournir les données, en vertu de la loi ou d’un contrat, et ce qui se passe si vous ne le faites pas, pour : ',
    );
  });

  it('names a transfer on standard clauses or rules that does not say how to get a copy of them, and not one that does, or that rests on an adequacy decision (Art. 13(1)(f))', () => {
    const energy = policies['energy-services'] as Policy;
    const moved = (safeguard: Policy['recipients'][number]['safeguard']): Policy => ({
      ...energy,
      recipients: energy.recipients.map((r, i) => (i === 0 ? { ...r, country: 'US', safeguard } : r)),
    });
    const name = energy.recipients[0]?.name as string;
    const copyLine = (p: Policy) =>
      gaps(p, 'en')
        .split('\n')
        .find((l) => l.startsWith('how to get a copy of the safeguards'));
    expect(copyLine(moved({ mechanism: 'scc' }))).toBe(
      `how to get a copy of the safeguards, or where they are available, for: ${name}`,
    );
    expect(copyLine(moved({ mechanism: 'scc', copy: 'privacy@example.com' }))).toBeUndefined();
    expect(copyLine(moved({ mechanism: 'adequacy' }))).toBeUndefined();
    expect(copyLine(energy)).toBeUndefined();
  });

  it('leaves out a purpose whose provision the policy states (the insurer’s contract)', () => {
    const insurer = policies['insurer-de'] as Policy;
    const stated = insurer.purposes.find((x) => x.provision) as Policy['purposes'][number];
    const line =
      gaps(insurer, 'en')
        .split('\n')
        .find((l) => l.startsWith('whether you are required')) ?? '';
    expect(line).not.toContain(nameOf(stated));
  });

  it('leaves out a purpose every one of whose categories states its provision', () => {
    const energy = policies['energy-services'] as Policy;
    const target = energy.purposes.find((x) => x.legalBasis === 'contract') as Policy['purposes'][number];
    const provided: Policy = {
      ...energy,
      categories: energy.categories.map((k) =>
        target.categories.includes(k.id) ? { ...k, provision: { requirement: 'contractual' } } : k,
      ),
    };
    expect(gaps(provided, 'en')).not.toContain(nameOf(target));
  });
});

describe('the policy’s own words', () => {
  it('override Garde’s (texts:), and the renderers escape what the policy wrote', () => {
    const p = policies['retail-bank'] as Policy;
    const custom: Policy = {
      ...p,
      controller: { ...p.controller, name: 'Banque <Exemple> & *Co*' },
      texts: { en: { 'notice.complaint.heading': 'If something goes wrong' } },
    };
    const n = noticeOf(custom, 'en');
    expect(n.sections.find((s) => s.id === 'complaint')?.heading).toBe('If something goes wrong');
    const html = renderNoticeHtml(n);
    expect(html).toContain('Banque &lt;Exemple&gt; &amp; *Co*');
    expect(html).not.toContain('<Exemple>');
    expect(renderNoticeMarkdown(n)).toContain('Banque \\<Exemple\\> & \\*Co\\*');
    expect(html).toContain('<a href="mailto:privacy@banque-exemple.be">privacy@banque-exemple.be</a>');
  });

  it('never become markup: Markdown carries no raw HTML, emphasis, list or link from the policy’s text, not even inside a web address (E18)', async () => {
    const hostile = await loadPolicyOrThrow(await hostileBank());
    const md = renderNoticeMarkdown(noticeOf(hostile, 'en'));
    expect(md).toContain(`### ${HOSTILE_PURPOSE_MD}\n`);
    expect(md).toContain(HOSTILE_CATEGORY_MD);
    // Outside the autolinks and the renderer's own line breaks, no `<` is left unescaped.
    const outside = md.replace(/<https?:\/\/[^\s<>]*>|<[\w.+-]+@[\w.-]+>|<br>/g, '');
    expect(outside.match(/(?<!\\)</g)).toBeNull();
    expect(md).not.toMatch(/(?<!\\)\]\(/);
    // A category that starts like a list item starts no list in its table row.
    expect(md).toMatch(/^\| \\- 1\) /m);
    // An address keeps working as a link, written so that no table splits on it.
    expect(md).toContain('<privacy@banque-exemple.be>');
  });

  it('never become markup: the HTML page escapes the same text and links only the web address in it (E18)', async () => {
    const hostile = await loadPolicyOrThrow(await hostileBank());
    const html = renderNoticeHtml(noticeOf(hostile, 'en'));
    expect(html).not.toMatch(/<script|<img|<b>|javascript:alert\(1\)"/);
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; | *x* [y](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt; `code`',
    );
    expect(html).not.toContain(HOSTILE_PURPOSE);
  });

  it('name joint controllers, their contact point, and that the essence of their arrangement is not stated (Art. 26(2))', () => {
    const p = policies['retail-bank'] as Policy;
    const joint: Policy = {
      ...p,
      jointControllers: [
        {
          id: 'shared-themes',
          parties: ['bank', { name: 'Partenaire Voyages SA' }],
          purposes: ['themes'],
          contactPoint: { en: 'the bank’s privacy contact', fr: 'le contact vie privée de la banque' },
        },
      ],
    };
    const s = noticeText(noticeOf(joint, 'en'));
    expect(s).toContain(
      'Banque Exemple SA and Partenaire Voyages SA are joint controllers for: Link products to themes, without a model.',
    );
    expect(s).toContain('Contact point: the bank’s privacy contact');
    expect(s).toContain(
      'the essence of the joint controllers’ arrangement for: Link products to themes, without a model',
    );
  });

  it('name a recipient outside the EEA with its country, its safeguard and where to get a copy (Art. 13(1)(f))', () => {
    const p = policies['retail-bank'] as Policy;
    const recipients = p.recipients.map((r) =>
      r.id === 'analytics-processor'
        ? {
            ...r,
            country: 'US',
            safeguard: {
              mechanism: 'dpf' as const,
              copy: { en: 'ask privacy@banque-exemple.be', fr: 'demandez-la' },
            },
          }
        : r,
    );
    const n = noticeOf({ ...p, recipients }, 'en');
    expect(noticeText(n)).toContain(
      'Modèles Analytiques SA (United States): the EU-US Data Privacy Framework (an adequacy decision, Art. 45 GDPR). A copy: ask privacy@banque-exemple.be',
    );
    expect(noticeText(noticeOf({ ...p, recipients }, 'fr'))).toContain(
      'Modèles Analytiques SA (États-Unis) : le cadre de protection des données UE–États-Unis (une décision d’adéquation, art. 45 RGPD). Une copie : demandez-la',
    );
  });

  it('end a sentence once when a name ends with its own full stop', () => {
    const p = policies['retail-bank'] as Policy;
    const entities = p.controller.entities.map((e) => ({ ...e, name: `${e.name.replace(/ SA$/, '')} S.A.` }));
    const n = noticeOf({ ...p, controller: { ...p.controller, entities } }, 'en');
    expect(noticeText(n)).toContain(
      'Proposals may come from: Banque Exemple S.A., Exemple Assurances S.A. and Exemple Lease S.A.',
    );
  });
});
