import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyVariant } from '../../test/support/policy-variant.ts';
import { type Change, longer, policyChanges, purposesToRenew } from './diff.ts';
import { loadPolicyFile, parsePolicy } from './load.ts';
import type { Policy } from './schema.ts';

function load(file: string): Policy {
  const r = parsePolicy(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(file);
  return r.policy;
}

const BANK = load('policies/retail-bank.yaml');
const ENERGY = load('policies/energy-services.yaml');

/** The bank policy changed by `edit` (a deep copy: the original stays as loaded). */
function bankWith(edit: (p: Policy) => void): Policy {
  const copy = structuredClone(BANK);
  edit(copy);
  return copy;
}

const kinds = (changes: Change[]) => changes.map((c) => c.kind);

describe('policyChanges: what changed between two policies (issue 17 item 4)', () => {
  it('the same policy, or one edited only in its words, changes nothing', () => {
    expect(policyChanges(BANK, BANK)).toEqual([]);
    const worded = bankWith((p) => {
      p.policy.title = { en: 'Privacy notice (typo fixed)', fr: 'Avis', nl: 'Verklaring' };
      (p.purposes[0] as Policy['purposes'][number]).description = {
        en: 'Reworded',
        fr: 'Reformulé',
        nl: 'Herschreven',
      };
      p.purposes.reverse();
      p.recipients.reverse();
    });
    expect(policyChanges(BANK, worded)).toEqual([]);
  });

  it('a recipient added to a consent purpose and a longer retention need new consent for it (the issue scenario)', async () => {
    const file = await policyVariant('policies/retail-bank.yaml', (doc) => {
      doc.recipients.push({
        id: 'insurer',
        name: 'Partner Insurance SA',
        kind: 'partner',
        country: 'BE',
        purposes: ['commercial-proposals'],
        categories: ['identification'],
        fields: ['givenName'],
      });
      doc.retention.find((r: { id: string }) => r.id === 'interests-1y').duration = 'P2Y';
    });
    const loaded = await loadPolicyFile(file);
    if (!loaded.ok) throw new Error('variant invalid');
    const changes = policyChanges(BANK, loaded.policy);
    expect(changes).toEqual([
      {
        kind: 'recipient.added',
        purposes: ['commercial-proposals'],
        material: true,
        renewConsent: ['commercial-proposals'],
        detail: { recipient: 'insurer' },
      },
      {
        kind: 'retention.longer',
        // Interests are used by the tracking, proposals and e-mail purposes: all on consent.
        purposes: ['web-personalisation', 'commercial-proposals', 'commercial-email'],
        material: true,
        renewConsent: ['web-personalisation', 'commercial-proposals', 'commercial-email'],
        detail: { category: 'interests', before: 'P1Y', after: 'P2Y' },
      },
    ]);
    expect(purposesToRenew(changes)).toEqual([
      'commercial-proposals',
      'web-personalisation',
      'commercial-email',
    ]);
  });

  it('a shorter retention and a removed recipient are listed, not material, and renew nothing', () => {
    const narrower = bankWith((p) => {
      const rule = p.retention.find((r) => r.id === 'web-behaviour-1y');
      if (rule) rule.duration = 'P6M';
      p.recipients = p.recipients.filter((r) => r.id !== 'contact-center');
    });
    const changes = policyChanges(BANK, narrower);
    expect(kinds(changes).sort()).toEqual(['recipient.removed', 'retention.shorter']);
    expect(changes.every((c) => !c.material && c.renewConsent.length === 0)).toBe(true);
  });

  it('a change to a purpose not on consent is material but renews no consent', () => {
    const changed = bankWith((p) => {
      const themes = p.purposes.find((x) => x.id === 'themes');
      themes?.categories.push('interests');
    });
    expect(policyChanges(BANK, changed)).toEqual([
      {
        kind: 'purpose.categories',
        purposes: ['themes'],
        material: true,
        renewConsent: [],
        detail: { added: ['interests'] },
      },
    ]);
  });

  it('a new purpose and a removed one are material, with no consent on record to renew', () => {
    const changed = bankWith((p) => {
      const themes = p.purposes.find((x) => x.id === 'themes') as Policy['purposes'][number];
      p.purposes.push({ ...structuredClone(themes), id: 'surveys', legalBasis: 'consent' });
    });
    expect(policyChanges(BANK, changed).map((c) => [c.kind, c.material, c.renewConsent])).toEqual([
      ['purpose.added', true, []],
    ]);
    expect(policyChanges(changed, BANK).map((c) => [c.kind, c.material])).toEqual([
      ['purpose.removed', true],
    ]);
  });

  it("every key that widens a consent purpose's scope is caught", () => {
    const wider = bankWith((p) => {
      const x = p.purposes.find((y) => y.id === 'commercial-proposals') as Policy['purposes'][number];
      x.categories.push('web-behaviour');
      x.senders = [...(x.senders ?? []), 'bank-lease-2'];
      x.domains = undefined;
      x.lifecycles = ['customer', 'former'];
      x.automatedDecision = { effect: 'similarly-significant' };
      x.lookBack = 'P3Y';
      const e = p.purposes.find((y) => y.id === 'commercial-email') as Policy['purposes'][number];
      if (e.consent) e.consent.perChannel = false;
      const ident = p.categories.find((c) => c.id === 'identification');
      ident?.fields.push({ name: 'birthPlace', sensitivity: 'normal' });
    });
    const found = policyChanges(BANK, wider).filter((c) => c.purposes.includes('commercial-proposals'));
    expect(kinds(found)).toEqual([
      'purpose.categories',
      'purpose.senders',
      'purpose.domains',
      'purpose.lifecycles',
      'purpose.automated-decision',
      'category.fields',
    ]);
    expect(found.every((c) => c.renewConsent.includes('commercial-proposals'))).toBe(true);
    const email = policyChanges(BANK, wider).filter((c) => c.purposes.includes('commercial-email'));
    expect(kinds(email)).toEqual(['purpose.per-channel', 'category.fields']);
  });

  it('a legal basis that changed is material; a consent purpose moved off consent renews nothing', () => {
    const changed = bankWith((p) => {
      const t = p.purposes.find((x) => x.id === 'web-personalisation');
      if (t) t.legalBasis = 'legitimate-interest';
    });
    expect(policyChanges(BANK, changed)).toEqual([
      {
        kind: 'purpose.legal-basis',
        purposes: ['web-personalisation'],
        material: true,
        renewConsent: [],
        detail: { before: 'consent', after: 'legitimate-interest' },
      },
    ]);
  });

  it('a recipient newly receiving a purpose, more fields, or a country outside the EEA is material', () => {
    const changed = bankWith((p) => {
      const r = p.recipients.find((x) => x.id === 'branch-staff') as Policy['recipients'][number];
      r.purposes.push('commercial-email');
      r.fields = [...(r.fields ?? []), 'email'];
      r.country = 'US';
    });
    const changes = policyChanges(BANK, changed);
    expect(kinds(changes)).toEqual([
      'recipient.purposes',
      'recipient.fields',
      'recipient.country',
      'transfer.added',
    ]);
    expect(changes[0]?.purposes).toEqual(['commercial-email']);
    expect(changes[3]?.detail).toEqual({ recipient: 'branch-staff', after: 'US' });
  });

  it('a retention that becomes unlimited, or a rule newly applying, keeps data longer', () => {
    const unlimited = bankWith((p) => {
      const rule = p.retention.find((r) => r.id === 'interests-1y') as Policy['retention'][number];
      rule.duration = undefined;
      rule.period = { en: 'as long as needed', fr: 'aussi longtemps que nécessaire', nl: 'zolang nodig' };
      p.retention.push({
        id: 'behaviour-3y',
        category: 'web-behaviour',
        duration: 'P3Y',
        clock: 'event-time',
        action: 'delete',
      });
    });
    expect(kinds(policyChanges(BANK, unlimited))).toEqual(['retention.unlimited', 'retention.added']);
  });

  it('marketing without senders of its own widens when the communications name a new sender', () => {
    const own = bankWith((p) => {
      (p.purposes.find((x) => x.id === 'commercial-proposals') as Policy['purposes'][number]).senders =
        undefined;
    });
    const more = structuredClone(own);
    more.communications?.senders.push('partner-broker');
    expect(policyChanges(own, more)).toEqual([
      {
        kind: 'purpose.senders',
        purposes: ['commercial-proposals'],
        material: true,
        renewConsent: ['commercial-proposals'],
        detail: { added: ['partner-broker'] },
      },
    ]);
  });

  it('a lower minimum age lets younger people take part', () => {
    const aged = bankWith((p) => {
      (p.purposes.find((x) => x.id === 'web-personalisation') as Policy['purposes'][number]).minimumAge = 16;
    });
    const younger = structuredClone(aged);
    (younger.purposes.find((x) => x.id === 'web-personalisation') as Policy['purposes'][number]).minimumAge =
      14;
    expect(kinds(policyChanges(aged, younger))).toEqual(['purpose.children']);
    expect(policyChanges(younger, aged)).toEqual([]);
  });

  it('compares durations by where they end, not as text', () => {
    expect(longer('P1Y', 'P12M')).toBe(false);
    expect(longer('P1Y', 'P13M')).toBe(true);
    expect(longer('P12M', 'P366D')).toBe(true);
    expect(longer('P1Y', undefined)).toBe(true);
    expect(longer(undefined, 'P1Y')).toBe(false);
  });

  it('two unrelated example policies differ in every purpose without throwing', () => {
    const changes = policyChanges(BANK, ENERGY);
    expect(changes.filter((c) => c.kind === 'purpose.removed').length).toBe(
      BANK.purposes.length -
        0 -
        BANK.purposes.filter((p) => ENERGY.purposes.some((q) => q.id === p.id)).length,
    );
  });
});
