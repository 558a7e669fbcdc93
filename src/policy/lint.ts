// Checks a schema-valid policy for what a schema cannot say: references that point nowhere,
// and promises that GDPR makes but the file forgot (withdrawal, retention, EEA transfers). The
// checks of the GDPR detail a notice may add (Art. 6(1)(f), 7(4), 8, 9, 22, 26) are in
// lint-articles.ts; where categories are kept, in src/datasets/storage.ts.
import { claimantOf, storageFindings } from '../datasets/storage.ts';
import { batchFieldsOf } from '../subjects/identity-fields.ts';
import { missingAddressFields } from './channels.ts';
import { lintArticles } from './lint-articles.ts';
import { batchRecipientFindings, batchRecipientWarnings } from './lint-batches.ts';
import type { LintFinding } from './lint-finding.ts';
import { languageFindings } from './lint-languages.ts';
import { promiseFindings } from './lint-promises.ts';
import { rightsFindings } from './lint-rights.ts';
import { BUILT_IN_CONSENT_INTERFACES, type Policy, RETENTION_CLOCKS } from './schema.ts';
import { transferProblems } from './transfers.ts';

export type { LintFinding };

export function lintPolicy(p: Policy): LintFinding[] {
  return [
    ...duplicateIds(p),
    ...dangling(p),
    ...storageFindings(p),
    ...consentWithoutWithdrawal(p),
    ...consentInterfaceRules(p),
    ...retentionPeriods(p),
    ...recipientsOutsideEea(p),
    ...authorityReachable(p),
    ...lintArticles(p),
    ...communicationRules(p),
    ...batchRecipientFindings(p),
    ...trackingRules(p),
    ...productTopics(p),
    ...languageFindings(p),
    ...promiseFindings(p),
    ...rightsFindings(p),
  ];
}

/**
 * What `policy check` prints without refusing the policy: a mismatch the decision point answers
 * at the gate (a batch's processor that does not take a purpose or field of its channel).
 */
export function lintWarnings(p: Policy): LintFinding[] {
  return batchRecipientWarnings(p);
}

/** A product's interest topics must be topics the tracker records, or no signal can reach it. */
function productTopics(p: Policy): LintFinding[] {
  const tracked = new Set(p.tracking?.eventKinds.flatMap((k) => k.topics ?? []) ?? []);
  const out: LintFinding[] = [];
  (p.products ?? []).forEach((product, i) => {
    for (const topic of product.topics ?? []) {
      if (!tracked.has(topic))
        out.push({
          path: ['products', i, 'topics'],
          message: `topic "${topic}" is not a tracked topic (tracking.eventKinds[].topics)`,
          rule: 'product-topic',
        });
    }
  });
  return out;
}

function duplicateIds(p: Policy): LintFinding[] {
  const lists: [string, { id: string }[] | undefined][] = [
    ['categories', p.categories],
    ['purposes', p.purposes],
    ['retention', p.retention],
    ['recipients', p.recipients],
    ['dataSubjects', p.dataSubjects],
    ['sources', p.sources],
    ['datasets', p.datasets],
    ['retentionEvents', p.retentionEvents],
    ['consentInterfaces', p.consentInterfaces],
    ['partnerControllers', p.partnerControllers],
    ['products', p.products],
    ['themes', p.themes],
    ['subscriptions', p.subscriptions],
    ['jointControllers', p.jointControllers],
  ];
  const out: LintFinding[] = [];
  for (const [name, list] of lists) {
    const seen = new Set<string>();
    (list ?? []).forEach((item, i) => {
      if (seen.has(item.id))
        out.push({ path: [name, i, 'id'], message: `duplicate id "${item.id}"`, rule: 'unique-id' });
      seen.add(item.id);
    });
  }
  return out;
}

type Ref = [target: Set<string>, kind: string, ids: string | string[] | undefined, path: (string | number)[]];

function dangling(p: Policy): LintFinding[] {
  const categories = new Set(p.categories.map((c) => c.id));
  const purposes = new Set(p.purposes.map((x) => x.id));
  const entities = new Set(p.controller.entities.map((e) => e.id));
  const products = new Set((p.products ?? []).map((x) => x.id));
  const rightsChannels = new Set(p.rights.channels.map((c) => c.id));
  const interfaces = new Set((p.consentInterfaces ?? []).map((x) => x.id));
  const comms = p.communications;
  const refs: Ref[] = [
    ...p.controller.entities.map(
      (e, i): Ref => [purposes, 'purpose', e.controllerOf, ['controller', 'entities', i, 'controllerOf']],
    ),
    ...(p.jointControllers ?? []).flatMap((j, i): Ref[] => [
      [purposes, 'purpose', j.purposes, ['jointControllers', i, 'purposes']],
      // An outside party is named in full; a plain id is one of the controller's entities.
      ...j.parties.flatMap((party, k): Ref[] =>
        typeof party === 'string' ? [[entities, 'entity', party, ['jointControllers', i, 'parties', k]]] : [],
      ),
    ]),
    ...p.purposes.flatMap((x, i): Ref[] => [
      [categories, 'category', x.categories, ['purposes', i, 'categories']],
      [entities, 'entity', x.senders, ['purposes', i, 'senders']],
      [
        products,
        'product',
        x.consent?.conditionOf?.products,
        ['purposes', i, 'consent', 'conditionOf', 'products'],
      ],
      [
        rightsChannels,
        'rights channel',
        x.automatedDecision?.humanReview?.via,
        ['purposes', i, 'automatedDecision', 'humanReview', 'via'],
      ],
      [interfaces, 'consent interface', x.consent?.withdrawVia, ['purposes', i, 'consent', 'withdrawVia']],
    ]),
    ...p.retention.flatMap((r, i): Ref[] => [
      [categories, 'category', r.category, ['retention', i, 'category']],
      [purposes, 'purpose', r.purposes, ['retention', i, 'purposes']],
    ]),
    ...p.recipients.flatMap((r, i): Ref[] => [
      [purposes, 'purpose', r.purposes, ['recipients', i, 'purposes']],
      [categories, 'category', r.categories, ['recipients', i, 'categories']],
    ]),
    ...(p.partnerControllers ?? []).map(
      (c, i): Ref => [categories, 'category', c.categories, ['partnerControllers', i, 'categories']],
    ),
    ...(p.products ?? []).map((x, i): Ref => [entities, 'entity', x.entity, ['products', i, 'entity']]),
    [purposes, 'purpose', p.tracking?.consentPurpose, ['tracking', 'consentPurpose']],
    [entities, 'entity', comms?.senders, ['communications', 'senders']],
    ...(comms?.messageClasses ?? []).map(
      (m, i): Ref => [purposes, 'purpose', m.purposes, ['communications', 'messageClasses', i, 'purposes']],
    ),
    ...(comms?.channels ?? []).map(
      (c, i): Ref => [
        purposes,
        'purpose',
        c.consentPurpose,
        ['communications', 'channels', i, 'consentPurpose'],
      ],
    ),
    ...(comms?.messageClasses ?? []).map(
      (m, i): Ref => [
        new Set((comms?.channels ?? []).map((c) => c.id)),
        'channel',
        m.channels,
        ['communications', 'messageClasses', i, 'channels'],
      ],
    ),
  ];
  const out: LintFinding[] = [];
  for (const [target, kind, ids, path] of refs) {
    // A list reference points at the bad item; a single reference points at its key.
    const list = typeof ids === 'string' ? [ids] : (ids ?? []);
    list.forEach((id, i) => {
      if (!target.has(id)) {
        out.push({
          path: typeof ids === 'string' ? path : [...path, i],
          message: `unknown ${kind} "${id}"`,
          rule: 'reference',
        });
      }
    });
  }
  return out;
}

function consentWithoutWithdrawal(p: Policy): LintFinding[] {
  return p.purposes.flatMap((x, i) =>
    x.legalBasis === 'consent' && (x.consent?.withdrawVia.length ?? 0) === 0
      ? [
          {
            path: ['purposes', i, 'legalBasis'],
            message: `purpose "${x.id}" is based on consent but names no way to withdraw it (consent.withdrawVia)`,
            rule: 'consent-withdrawal',
          },
        ]
      : [],
  );
}

/** Garde's own interfaces keep their meaning; a signal is sent by the person's device, never by staff. */
function consentInterfaceRules(p: Policy): LintFinding[] {
  const reserved: readonly string[] = BUILT_IN_CONSENT_INTERFACES;
  return (p.consentInterfaces ?? []).flatMap((x, i): LintFinding[] => [
    ...(reserved.includes(x.id)
      ? [
          {
            path: ['consentInterfaces', i, 'id'],
            message: `"${x.id}" is Garde's own consent interface (${reserved.join(', ')}): it is there under every policy, give yours another id`,
            rule: 'consent-interface-reserved',
          },
        ]
      : []),
    ...(x.signal && x.recordedBy !== 'data-subject'
      ? [
          {
            path: ['consentInterfaces', i, 'signal'],
            message: `consent interface "${x.id}" is a signal, which the person's device sends: recordedBy must be data-subject`,
            rule: 'consent-interface-signal',
          },
        ]
      : []),
  ]);
}

/**
 * Art. 13(2)(a): the period, or if that is not possible the criteria that set it. A rule states a
 * duration and when it starts, or the period in the notice's words ("as long as needed for ...").
 */
function retentionPeriods(p: Policy): LintFinding[] {
  const events = new Set((p.retentionEvents ?? []).map((e) => e.id));
  const builtIn: readonly string[] = RETENTION_CLOCKS;
  const shadowing = (p.retentionEvents ?? []).flatMap((e, i): LintFinding[] =>
    builtIn.includes(e.id)
      ? [
          {
            path: ['retentionEvents', i, 'id'],
            message: `"${e.id}" is one of Garde's own clocks (${builtIn.join(', ')}): give the event another id`,
            rule: 'unique-id',
          },
        ]
      : [],
  );
  // Issue 13: a rule keeps the category for purposes that use it, or it keeps nothing for them.
  const unused = p.retention.flatMap((r, i): LintFinding[] =>
    (r.purposes ?? []).flatMap((id, j): LintFinding[] => {
      const purpose = p.purposes.find((x) => x.id === id);
      if (!purpose || purpose.categories.includes(r.category)) return [];
      return [
        {
          path: ['retention', i, 'purposes', j],
          message: `rule "${r.id}" keeps category "${r.category}" for purpose "${id}", whose categories do not include it`,
          rule: 'retention-purpose',
        },
      ];
    }),
  );
  return [
    ...shadowing,
    ...unused,
    ...p.retention.flatMap((r, i): LintFinding[] => {
      if (r.clock !== undefined && !builtIn.includes(r.clock) && !events.has(r.clock))
        return [
          {
            path: ['retention', i, 'clock'],
            message: `clock "${r.clock}" is neither one of Garde's (${builtIn.join(', ')}) nor an event the policy declares (retentionEvents)`,
            rule: 'reference',
          },
        ];
      if (r.duration !== undefined && r.clock === undefined)
        return [
          {
            path: ['retention', i, 'duration'],
            message: `rule "${r.id}" states a duration but not when it starts (clock)`,
            rule: 'retention-period',
          },
        ];
      if (r.duration === undefined && r.period === undefined)
        return [
          {
            path: ['retention', i, 'id'],
            message: `rule "${r.id}" states no duration: say the period in the notice's words (period), e.g. "as long as needed to manage your account", and how often it is reviewed (review)`,
            rule: 'retention-period',
          },
        ];
      return [];
    }),
  ];
}

// Chapter V: data leaves the EEA only on a safeguard that covers the country (src/policy/transfers.ts,
// the same answer the disclosure gate gives).
function recipientsOutsideEea(p: Policy): LintFinding[] {
  return p.recipients.flatMap((r, i) =>
    transferProblems(r, p).map((message) => ({
      path: [
        'recipients',
        i,
        (typeof r.safeguard === 'object' || (r.safeguard !== undefined && p.transfers?.mechanisms)) &&
        !p.transfers?.establishedInEea?.includes(r.kind)
          ? 'safeguard'
          : 'country',
      ],
      message,
      rule: 'recipient-eea',
    })),
  );
}

/** IN-25: a person told to complain to an authority needs a way to reach it (Art. 13(2)(d), 77). */
function authorityReachable(p: Policy): LintFinding[] {
  const a = p.controller.supervisoryAuthority;
  if (!a || a.url || a.email || a.address) return [];
  return [
    {
      path: ['controller', 'supervisoryAuthority'],
      message: `the supervisory authority "${a.name}" has no way to reach it: state its url, email or postal address`,
      rule: 'authority-contact',
    },
  ];
}

function communicationRules(p: Policy): LintFinding[] {
  const c = p.communications;
  if (!c) return [];
  const out: LintFinding[] = [];
  if (c.cap && !isTimeZone(c.cap.timeZone)) {
    out.push({
      path: ['communications', 'cap', 'timeZone'],
      message: `unknown time zone "${c.cap.timeZone}"`,
      rule: 'time-zone',
    });
  }
  if (c.cap?.window === 'rolling' && !c.cap.rollingWindow) {
    out.push({
      path: ['communications', 'cap', 'window'],
      message: 'a rolling window needs rollingWindow',
      rule: 'cap-window',
    });
  }
  c.channels.forEach((ch, i) => {
    if (ch.requires.includes('explicit-consent') && !ch.consentPurpose) {
      out.push({
        path: ['communications', 'channels', i, 'requires'],
        message: `channel "${ch.id}" requires explicit consent but names no consentPurpose`,
        rule: 'channel-consent',
      });
    }
    const missing = missingAddressFields(ch);
    if (missing.length > 0) {
      out.push({
        path: ['communications', 'channels', i, 'batch', 'fields'],
        message: `channel "${ch.id}" reaches people by ${ch.address} address, but its batch leaves out ${missing.join(', ')}: the file could not be delivered (name them, or leave batch out to get exactly these)`,
        rule: 'batch-address',
      });
    }
    for (const field of batchFieldsOf(p, ch).undeclared)
      out.push({
        path: ['communications', 'channels', i, ...(ch.batch ? ['batch', 'fields'] : ['address'])],
        message: undeclaredBatchField(p, ch.id, field),
        rule: 'batch-undeclared-field',
      });
  });
  c.messageClasses.forEach((m, i) => {
    // BK-7, BK-8: an uncounted commercial class on any channel would be a way round the cap.
    if (c.cap && m.commercial && m.countsTowardCap === false && !m.channels) {
      out.push({
        path: ['communications', 'messageClasses', i, 'countsTowardCap'],
        message: `class "${m.id}" is commercial and does not count toward the cap: name the channels it may use (channels), or it escapes the cap on every channel`,
        rule: 'class-channels',
      });
    }
    if (m.requiresSubscription && (p.subscriptions ?? []).length === 0) {
      out.push({
        path: ['communications', 'messageClasses', i, 'requiresSubscription'],
        message: `class "${m.id}" rests on a subscription but the policy offers none (subscriptions)`,
        rule: 'class-subscription',
      });
    }
  });
  return out;
}

function trackingRules(p: Policy): LintFinding[] {
  const t = p.tracking;
  if (!t) return [];
  const purpose = p.purposes.find((x) => x.id === t.consentPurpose);
  if (!purpose || purpose.legalBasis === 'consent') return [];
  return [
    {
      path: ['tracking', 'consentPurpose'],
      message: `tracking consent purpose "${purpose.id}" must have legal basis consent, not ${purpose.legalBasis}`,
      rule: 'tracking-consent',
    },
  ];
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** What to do about a batch field no identity category lists: declare it where the notice does. */
function undeclaredBatchField(p: Policy, channel: string, field: string): string {
  const keeper = claimantOf(p, 'identities');
  const where = keeper
    ? `category "${keeper}", which keeps Garde's identities table, does not list it: add { name: ${field} } to its fields if the notice says it is collected`
    : `no category keeps Garde's identities table: name it in the storage of the category that holds ${field}, if the notice says it is collected`;
  return `channel "${channel}" puts ${field} in its batch, but ${where}; otherwise take ${field} out of the batch (or drop the channel): a batch column nobody collects comes out empty`;
}
