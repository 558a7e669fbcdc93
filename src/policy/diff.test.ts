import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyVariant } from '../../test/support/policy-variant.ts';
import { wordsIn } from '../words/words.ts';
import { type Change, longer, policyChanges, purposesToRenew } from './diff.ts';
import { describeChange } from './diff-words.ts';
import { loadPolicyFile, parsePolicy } from './load.ts';
import { type Policy, PolicySchema } from './schema.ts';

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

/** An example policy edited as its YAML document, then loaded and checked as any policy is. */
async function variant(file: string, edit: Parameters<typeof policyVariant>[1]): Promise<Policy> {
  const loaded = await loadPolicyFile(await policyVariant(file, edit));
  if (!loaded.ok) throw new Error(`variant of ${file} invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.policy;
}

const BANK_FILE = 'policies/retail-bank.yaml';
const ENERGY_FILE = 'policies/energy-services.yaml';
// biome-ignore lint/suspicious/noExplicitAny: YAML documents under edit.
const byId = (xs: any[], id: string) => xs.find((x) => x.id === id);

/** [kind, material, purposes to ask again] of each change: what a reader of the diff sees. */
const judged = (changes: Change[]) => changes.map((c) => [c.kind, c.material, c.renewConsent]);

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
    expect(kinds(changes)).toEqual(['recipient.purposes', 'recipient.fields', 'transfer.added']);
    expect(changes[0]?.purposes).toEqual(['commercial-email']);
    expect(changes[2]?.detail).toEqual({ recipient: 'branch-staff', after: 'US' });
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
    expect(policyChanges(BANK, unlimited).map((c) => [c.kind, c.detail])).toEqual([
      // A new rule running past the one already there: the category is kept longer, by any id.
      ['retention.longer', { category: 'web-behaviour', before: 'P1Y', after: 'P3Y' }],
      ['retention.unlimited', { category: 'interests', before: 'P1Y' }],
    ]);
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

describe('policyChanges: edits that widen nothing change nothing material (review C12, C13)', () => {
  it('a retention rule renamed, with the same scope and period, is no change', async () => {
    const renamed = await variant(BANK_FILE, (doc) => {
      byId(doc.retention, 'interests-1y').id = 'interests-twelve-months';
    });
    expect(policyChanges(BANK, renamed)).toEqual([]);
  });

  it('a shorter rule added to a category already limited keeps nothing longer', async () => {
    const shorter = await variant(BANK_FILE, (doc) => {
      doc.retention.push({
        id: 'interests-prospects-6m',
        category: 'interests',
        duration: 'P6M',
        clock: 'event-time',
        lifecycles: ['prospect'],
        action: 'delete',
      });
    });
    expect(policyChanges(BANK, shorter).filter((c) => c.material)).toEqual([]);
  });

  it('a recipient moving to another country of the EEA, or a country added to a kind promised in the EEA, is listed only', async () => {
    const moved = await variant(BANK_FILE, (doc) => {
      byId(doc.recipients, 'mailing-processor').country = 'FR';
    });
    expect(judged(policyChanges(BANK, moved))).toEqual([['recipient.country-eea', false, []]]);
    const named = await variant(ENERGY_FILE, (doc) => {
      byId(doc.recipients, 'door-to-door-sellers').country = 'BE';
    });
    expect(judged(policyChanges(ENERGY, named))).toEqual([['recipient.country-eea', false, []]]);
  });

  it('descriptions and translations edited, anywhere, change nothing', async () => {
    const reworded = await variant(BANK_FILE, (doc) => {
      doc.policy.title.en = 'Our privacy notice';
      for (const x of [...doc.purposes, ...doc.categories, ...doc.communications.channels])
        x.description.en = `${x.description.en} (reworded)`;
      byId(doc.purposes, 'commercial-proposals').description.nl = 'Voorstellen (nieuwe vertaling)';
    });
    expect(policyChanges(BANK, reworded)).toEqual([]);
  });
});

describe('policyChanges: every key that widens is caught (review B7-B11)', () => {
  it('B7: a processor that becomes a partner, no longer purpose-bound, seeing every field', async () => {
    const changed = await variant(BANK_FILE, (doc) => {
      const r = byId(doc.recipients, 'analytics-processor');
      r.kind = 'partner';
      delete r.purposeBound;
      delete r.fields;
    });
    expect(judged(policyChanges(BANK, changed))).toEqual([
      ['recipient.fields', true, ['web-personalisation']],
      ['recipient.kind', true, ['web-personalisation']],
      ['recipient.purpose-bound', true, ['web-personalisation']],
    ]);
  });

  it('B8: a purpose whose list of senders is dropped may act for every sender', async () => {
    const changed = await variant(BANK_FILE, (doc) => {
      const p = byId(doc.purposes, 'subscriptions');
      delete p.senders;
    });
    expect(policyChanges(BANK, changed).map((c) => [c.kind, c.purposes, c.detail])).toEqual([
      ['purpose.senders', ['subscriptions'], {}],
    ]);
  });

  it('B9: tracking moved to another consent purpose, of anonymous visitors, with new topics, interests lasting longer', async () => {
    const moved = await variant(BANK_FILE, (doc) => {
      doc.tracking.consentPurpose = 'commercial-proposals';
    });
    expect(judged(policyChanges(BANK, moved))).toContainEqual([
      'tracking.added',
      true,
      ['commercial-proposals'],
    ]);
    const topics = await variant(BANK_FILE, (doc) => {
      doc.tracking.interestHalfLife = 'P90D';
      doc.tracking.eventKinds[0].topics.push('credit-hypothecaire');
    });
    // Policy check refuses tracking anonymous visitors today; the diff still names it if allowed.
    const wider = structuredClone(topics);
    if (wider.tracking) wider.tracking.identifiedOnly = false;
    expect(judged(policyChanges(BANK, wider))).toEqual([
      ['tracking.topics', true, ['web-personalisation']],
      ['tracking.unidentified', true, ['web-personalisation']],
      ['tracking.half-life', true, ['web-personalisation']],
    ]);
  });

  it('B10: more domains, a new channel for every purpose no channel names, a channel that asks less, classes that escape the cap, a higher cap, former customers reached longer', async () => {
    const changed = await variant(BANK_FILE, (doc) => {
      const c = doc.communications;
      c.domains.push('leasing');
      c.channels.push({
        id: 'sms',
        description: { fr: 'SMS', nl: 'Sms', en: 'Text message' },
        requires: ['no-objection'],
        address: 'phone',
      });
      byId(c.channels, 'email').requires = ['no-objection'];
      byId(c.messageClasses, 'banner').channels.push('in-app');
      byId(c.messageClasses, 'commercial').countsTowardCap = false;
      byId(c.messageClasses, 'commercial').channels = ['email', 'postal-mail'];
      byId(c.messageClasses, 'subscribed').commercial = false;
      c.cap.max = 2;
      c.formerCustomers = { every: 'P1Y', until: 'P2Y', unlessObjected: true };
    });
    const found = policyChanges(BANK, changed);
    const of = (kind: string) => found.filter((c) => c.kind === kind).flatMap((c) => c.purposes);
    expect(of('purpose.domains')).toEqual(['commercial-email']);
    expect(of('purpose.channels')).toContain('commercial-proposals');
    expect(of('channel.requirements')).toEqual(['commercial-email']);
    expect(of('message-class.channels')).toEqual(['commercial-proposals']);
    expect(of('message-class.uncapped')).toEqual(['commercial-proposals', 'commercial-email']);
    expect(of('message-class.non-commercial')).toEqual(['subscriptions']);
    expect(of('communications.cap')).toContain('commercial-proposals');
    expect(of('communications.former-customers')).toEqual(['commercial-proposals', 'commercial-email']);
    expect(found.every((c) => c.material)).toBe(true);
    const longer = await variant(ENERGY_FILE, (doc) => {
      doc.communications.formerCustomers.until = 'P5Y';
    });
    expect(judged(policyChanges(ENERGY, longer))).toEqual([
      ['communications.former-customers', true, ['marketing-email-prospects']],
    ]);
  });

  it('B11: criminal data, a new source, a lower age of consent, a decision with legal effects and no human review, no anonymous option, another interest pursued', async () => {
    const changed = await variant(ENERGY_FILE, (doc) => {
      const ident = byId(doc.categories, 'identification');
      ident.criminal = { authorisedBy: { fr: 'La loi', nl: 'De wet', en: 'The law' } };
      byId(doc.categories, 'technical').sources.push('partners');
      const p = byId(doc.purposes, 'product-improvement');
      delete p.anonymousOption;
      const m = byId(doc.purposes, 'marketing-customers');
      m.legitimateInterest.interest = { fr: 'Autre', nl: 'Ander', en: 'Another interest' };
      m.offeredToChildren = true;
    });
    const found = policyChanges(ENERGY, changed);
    expect(kinds(found)).toEqual(
      expect.arrayContaining([
        'category.criminal',
        'category.sources',
        'purpose.anonymous-option',
        'purpose.interest',
      ]),
    );
    expect(found.find((c) => c.kind === 'purpose.interest')?.material).toBe(false);
    const children = await variant(ENERGY_FILE, (doc) => {
      byId(doc.purposes, 'marketing-email-prospects').offeredToChildren = true;
      doc.children = {
        digitalConsentAge: 16,
        parentalConsent: { fr: 'Un parent', nl: 'Een ouder', en: 'A parent' },
      };
    });
    const younger = await variant(ENERGY_FILE, (doc) => {
      byId(doc.purposes, 'marketing-email-prospects').offeredToChildren = true;
      doc.children = {
        digitalConsentAge: 13,
        parentalConsent: { fr: 'Un parent', nl: 'Een ouder', en: 'A parent' },
      };
    });
    expect(judged(policyChanges(children, younger))).toEqual([
      ['purpose.children', true, ['marketing-email-prospects']],
    ]);
    const decided = await variant(ENERGY_FILE, (doc) => {
      byId(doc.purposes, 'quotes-contracts').automatedDecision = {
        effect: 'similarly-significant',
        humanReview: { via: [doc.rights.channels[0].id] },
      };
    });
    const harsher = structuredClone(decided);
    const a = harsher.purposes.find((p) => p.id === 'quotes-contracts')?.automatedDecision;
    if (a) {
      a.effect = 'legal';
      a.humanReview = undefined;
    }
    expect(kinds(policyChanges(decided, harsher))).toEqual([
      'purpose.automated-decision',
      'purpose.human-review',
    ]);
  });

  it('an objection no longer stopping a channel, a class sent without a subscription, another special category, a new joint controller, data no longer optional', async () => {
    const changed = await variant(BANK_FILE, (doc) => {
      byId(doc.communications.channels, 'phone').requires = [];
      byId(doc.communications.messageClasses, 'subscribed').requiresSubscription = false;
    });
    expect(kinds(policyChanges(BANK, changed))).toEqual(
      expect.arrayContaining(['channel.requirements', 'message-class.unsubscribed']),
    );
    const insurer = load('policies/insurer-de.yaml');
    const more = structuredClone(insurer);
    const health = more.categories.find((c) => c.special);
    if (health?.special) health.special.kind = 'genetic';
    const p = more.purposes.find((x) => !x.provision) as Policy['purposes'][number];
    p.provision = { requirement: 'statutory' };
    expect(kinds(policyChanges(insurer, more))).toEqual(['purpose.provision', 'category.special']);
    const joint = bankWith((x) => {
      x.jointControllers = [
        { id: 'j', parties: ['bank', 'bank-insurance'], purposes: ['commercial-proposals'] },
      ];
    });
    const wider = structuredClone(joint);
    wider.jointControllers?.[0]?.parties.push({ name: 'Another SE' });
    expect(judged(policyChanges(joint, wider))).toEqual([
      ['purpose.controller', true, ['commercial-proposals']],
    ]);
  });

  it('C13: a recipient leaving the EEA, or whose country is no longer stated, is material', async () => {
    const out = await variant(BANK_FILE, (doc) => {
      byId(doc.recipients, 'mailing-processor').country = 'US';
      byId(doc.recipients, 'mailing-processor').safeguard = { mechanism: 'scc' };
      byId(doc.recipients, 'analytics-processor').safeguard = { mechanism: 'scc' };
      delete byId(doc.recipients, 'analytics-processor').country;
    });
    expect(judged(policyChanges(BANK, out))).toEqual([
      ['recipient.country-unstated', true, ['web-personalisation']],
      [
        'transfer.added',
        true,
        [
          'commercial-proposals',
          'commercial-email',
          'subscriptions',
          'operational-messages',
          'legal-information',
        ].filter((p) => BANK.purposes.find((x) => x.id === p)?.legalBasis === 'consent'),
      ],
    ]);
  });
});

describe('policyChanges: what a person is told about control of their data (material, renews nothing)', () => {
  it('another controller name, no DPO, a right or a way to exercise it gone, a longer deadline, fewer ways to withdraw, GPC ignored', async () => {
    const told = await variant(BANK_FILE, (doc) => {
      doc.controller.name = `${doc.controller.name} Holding`;
      delete doc.controller.dpo;
      doc.rights.supported = doc.rights.supported.filter((r: string) => r !== 'portability');
      doc.rights.channels = doc.rights.channels.slice(0, 1);
      doc.rights.deadline = 'P2M';
      const email = byId(doc.purposes, 'commercial-email');
      email.consent.withdrawVia = email.consent.withdrawVia.slice(0, 1);
      if (email.consent.gpc) email.consent.gpc = 'ignore';
    });
    const found = policyChanges(BANK, told);
    expect(found.every((c) => c.material && c.renewConsent.length === 0)).toBe(true);
    expect(kinds(found)).toEqual(
      expect.arrayContaining([
        'controller.identity',
        'rights.removed',
        'rights.channels',
        'rights.deadline',
        'purpose.withdraw-via',
        'purpose.gpc',
      ]),
    );
    expect(found.find((c) => c.kind === 'rights.removed')?.detail).toEqual({ removed: ['portability'] });
    const insurer = load('policies/insurer-de.yaml');
    const noDpo = structuredClone(insurer);
    noDpo.controller.dpo = undefined;
    expect(judged(policyChanges(insurer, noDpo))).toEqual([['controller.dpo', true, []]]);
  });
});

describe('retention compared by what it keeps (second review)', () => {
  const RETAILER = 'policies/retailer-nl.yaml';
  // biome-ignore lint/suspicious/noExplicitAny: a YAML document under edit.
  const rule = (doc: any) => byId(doc.retention, 'order-data-7y-after-login');

  it('a smaller number on another clock is another clock, material, never "shorter"', async () => {
    const fromCollection = await variant(RETAILER, (doc) => {
      rule(doc).clock = 'collected';
    });
    const fromLastLogin = await variant(RETAILER, (doc) => {
      rule(doc).duration = 'P6Y';
    });
    const found = policyChanges(fromCollection, fromLastLogin).filter((c) => c.kind.startsWith('retention.'));
    expect(kinds(found)).toEqual(['retention.clock']);
    expect(found.every((c) => c.material)).toBe(true);
    expect(found[0]?.renewConsent).toContain('personalised-messages');
  });

  it('a rule for people a consent purpose never concerns asks none of its consents again', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a YAML document under edit.
    const customersOnly = (doc: any) => {
      byId(doc.purposes, 'personalised-messages').lifecycles = ['customer'];
    };
    const before = await variant(RETAILER, customersOnly);
    const after = await variant(RETAILER, (doc) => {
      customersOnly(doc);
      doc.retention.push({
        id: 'order-data-prospects-10y',
        category: 'order-data',
        lifecycles: ['prospect'],
        duration: 'P10Y',
        clock: 'collected',
        action: 'delete',
      });
    });
    const changes = policyChanges(before, after);
    expect(changes.some((c) => c.kind === 'retention.longer')).toBe(true);
    expect(changes.flatMap((c) => c.renewConsent)).not.toContain('personalised-messages');
  });
});

describe('describeChange: every change in plain words, in every language (review E20)', () => {
  const LANGUAGES = ['en', 'fr', 'nl', 'de'];

  it('names no placeholder, code or raw duration, and a country only after a label', async () => {
    const wide = await variant(BANK_FILE, (doc) => {
      byId(doc.recipients, 'mailing-processor').country = 'US';
      byId(doc.recipients, 'mailing-processor').safeguard = { mechanism: 'scc' };
      byId(doc.recipients, 'contact-center').country = 'FR';
      byId(doc.purposes, 'commercial-proposals').lookBack = 'P2Y';
      byId(doc.recipients, 'analytics-processor').kind = 'partner';
      delete byId(doc.purposes, 'subscriptions').senders;
      doc.tracking.interestHalfLife = 'P90D';
      byId(doc.communications.channels, 'email').requires = ['no-objection'];
      doc.rights.supported = doc.rights.supported.filter((r: string) => r !== 'portability');
      doc.rights.deadline = 'P2M';
    });
    const wider = await variant(BANK_FILE, (doc) => {
      byId(doc.recipients, 'mailing-processor').country = 'CA';
      byId(doc.recipients, 'mailing-processor').safeguard = { mechanism: 'adequacy' };
      delete byId(doc.purposes, 'commercial-proposals').lookBack;
    });
    // Another clock, and none: judged on the policy as parsed (the check would refuse the second).
    const clocked = bankWith((p) => {
      const r = p.retention.find((x) => x.id === 'interests-1y');
      if (r) r.clock = 'contract-end';
    });
    const unclocked = bankWith((p) => {
      const r = p.retention.find((x) => x.id === 'interests-1y');
      if (r) r.clock = undefined;
    });
    const pairs: [Policy, Policy][] = [
      [BANK, wide],
      [wide, wider],
      [BANK, clocked],
      [BANK, unclocked],
    ];
    for (const [older, newer] of pairs)
      for (const language of LANGUAGES) {
        const words = wordsIn(
          { ...newer, policy: { ...newer.policy, languages: [...newer.policy.languages, 'de'] } },
          language,
        );
        for (const change of policyChanges(older, newer)) {
          const said = describeChange(change, older, newer, words);
          expect(said, `${language} ${change.kind}`).not.toMatch(
            /\bnone\b|undefined|\{|\bP\d+[YMD]\b|en\/au/,
          );
          expect(said.length, `${language} ${change.kind}`).toBeGreaterThan(10);
        }
      }
    const en = wordsIn(wide, 'en');
    const say = (older: Policy, newer: Policy, kind: string) =>
      policyChanges(older, newer)
        .filter((c) => c.kind === kind)
        .map((c) => describeChange(c, older, newer, en));
    expect(say(BANK, wide, 'transfer.added')[0]).toMatch(/\(country: United States\)$/);
    expect(say(wide, wider, 'recipient.country')[0]).toMatch(
      /outside the European Economic Area \(country: Canada\)$/,
    );
    expect(say(BANK, wide, 'recipient.country-eea')[0]).toMatch(/\(country: France\)$/);
    expect(say(wide, wider, 'purpose.look-back')).toEqual(['It may now look back without a limit']);
  });

  it('says whom a purpose now also applies to, or that it applies to everyone', () => {
    const formers = bankWith((p) => {
      const t = p.purposes.find((x) => x.id === 'web-personalisation');
      if (t) t.lifecycles = ['customer', 'former'];
    });
    const everyone = bankWith((p) => {
      const t = p.purposes.find((x) => x.id === 'web-personalisation');
      if (t) t.lifecycles = undefined;
    });
    const said = (newer: Policy, language: string) =>
      policyChanges(BANK, newer)
        .filter((c) => c.kind === 'purpose.lifecycles')
        .map((c) => describeChange(c, BANK, newer, wordsIn(newer, language)));
    expect(said(formers, 'en')).toEqual(['It now also applies to former customers']);
    expect(said(formers, 'fr')).toEqual(['Elle s’applique désormais aussi aux anciens clients']);
    expect(said(everyone, 'en')).toEqual(['It now applies to everyone, not only to some groups of people']);
  });
});

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

/** Every key path of the schema, as docs/policy-format.md names them (`purposes[].consent.gpc`). */
function keyPaths(schema: JsonSchema, prefix = ''): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap((b) => keyPaths(b, prefix));
  if (schema.type === 'array' && schema.items) return keyPaths(schema.items, `${prefix}[]`);
  return Object.entries(schema.properties ?? {}).flatMap(([name, child]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [path, ...keyPaths(child, path)];
  });
}

describe('docs/policy-changes.md', () => {
  it('names every key of the policy format and what a change to it does', () => {
    const doc = readFileSync('docs/policy-changes.md', 'utf8');
    const table = doc.slice(doc.indexOf('### Every key of the policy'));
    const named = new Set([...table.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    const covered = (path: string) => {
      if (named.has(path)) return true;
      const parts = path.split('.');
      const last = parts[parts.length - 1];
      if (named.has(`*.${last}`)) return true;
      return parts.some((_, i) => i > 0 && named.has(`${parts.slice(0, i).join('.')}.*`));
    };
    expect([...new Set(keyPaths(PolicySchema as JsonSchema))].filter((p) => !covered(p))).toEqual([]);
  });
});
