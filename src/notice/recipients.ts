// Art. 13(1)(e)-(f), 14(1)(e)-(f), Chapter V: who receives the data, by name and kind, where it
// is established, for what; and each transfer outside the EEA with the safeguard it rests on
// (src/policy/transfers.ts answers which, for the check and the gates alike).
import type { Recipient } from '../policy/schema.ts';
import type { TransferMechanismStated, TransferSafeguard } from '../policy/schema-detail.ts';
import { EEA_COUNTRIES, unstatedCountryGround } from '../policy/transfers.ts';
import {
  type Block,
  type Ctx,
  countryName,
  list,
  paragraph,
  purposeNames,
  type Section,
  section,
} from './notice.ts';

/** Where a recipient is established, in words: its country, the EEA as promised, or not stated. */
function whereEstablished(c: Ctx, r: Recipient): string {
  if (r.country) return countryName(c, r.country);
  return unstatedCountryGround(r, c.policy) === 'eea-promised'
    ? c.say('notice.country.eea')
    : c.say('notice.notStated');
}

function conditions(c: Ctx, r: Recipient): string {
  return [
    r.fields ? c.say('notice.recipient.needToKnow') : '',
    r.purposeBound ? c.say('notice.recipient.purposeBound') : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function recipientsSection(c: Ctx): Section {
  const rs = c.policy.recipients;
  const heading = c.say('notice.recipients.heading');
  if (rs.length === 0) return section('recipients', heading, [paragraph(c.say('report.nobody'))]);
  return section('recipients', heading, [
    {
      kind: 'table',
      caption: c.say('notice.recipients.caption'),
      head: ['recipient', 'kind', 'country', 'purposes', 'conditions'].map((h) => c.code('notice.table', h)),
      rows: rs.map((r) => [
        r.name,
        c.code('notice.recipientKind', r.kind),
        whereEstablished(c, r),
        purposeNames(c, r.purposes),
        conditions(c, r),
      ]),
    },
  ]);
}

/** A safeguard in words: the mechanism (or the Art. 49(1) derogation) and where to get a copy. */
function mechanismWords(c: Ctx, m: TransferMechanismStated | TransferSafeguard): string {
  if (typeof m === 'string') return c.code('notice.mechanism', m);
  if ('mechanism' in m && m.mechanism !== 'derogation') return c.code('notice.mechanism', m.mechanism);
  return m.derogation
    ? c.say('notice.mechanism.derogationOf', { which: c.code('notice.derogation', m.derogation) })
    : c.code('notice.mechanism', 'derogation');
}

function safeguardWords(c: Ctx, s: Recipient['safeguard']): string {
  if (s === undefined) return c.say('notice.notStated');
  if (typeof s === 'string') return s;
  const safeguard = mechanismWords(c, s);
  return s.copy ? c.say('notice.transfers.copy', { safeguard, where: c.w.text(s.copy) }) : safeguard;
}

/** Recipients outside the EEA, each with its country and the safeguard it rests on. */
function outsideBlocks(c: Ctx): Block[] {
  const outside = c.policy.recipients.filter((r) => r.country !== undefined && !EEA_COUNTRIES.has(r.country));
  if (outside.length === 0) return [];
  const line = (r: Recipient) =>
    c.say('notice.transfers.recipient', {
      recipient: r.name,
      country: countryName(c, r.country as string),
      safeguard: safeguardWords(c, r.safeguard),
    });
  return [paragraph(c.say('notice.transfers.outside')), list(outside.map(line))];
}

/** RT-32, IN-10: recipients named by kind only, and what a transfer to them rests on, as the policy says. */
function unknownCountryBlocks(c: Ctx): Block[] {
  const p = c.policy;
  const unknown = p.recipients.filter((r) => r.country === undefined);
  const ownSafeguard = unknown.filter((r) => unstatedCountryGround(r, p) === 'safeguard');
  const uncovered = unknown.filter((r) => unstatedCountryGround(r, p) === undefined);
  const mechanisms = p.transfers?.mechanisms ?? [];
  return [
    ...(ownSafeguard.length > 0
      ? [
          paragraph(c.say('notice.transfers.unknownCountry')),
          list(ownSafeguard.map((r) => `${r.name}: ${safeguardWords(c, r.safeguard)}`)),
        ]
      : []),
    ...(mechanisms.length > 0
      ? [
          paragraph(
            c.say('notice.transfers.mechanisms', {
              mechanisms: c.w.list(mechanisms.map((m) => mechanismWords(c, m))),
            }),
          ),
        ]
      : []),
    ...(uncovered.length > 0
      ? [
          paragraph(
            c.say('notice.transfers.unstated', { recipients: c.w.list(uncovered.map((r) => r.name)) }),
          ),
        ]
      : []),
  ];
}

export function transfersSection(c: Ctx): Section {
  const promised = c.policy.transfers?.establishedInEea ?? [];
  const blocks = [
    ...outsideBlocks(c),
    ...(promised.length > 0
      ? [
          paragraph(c.say('notice.transfers.eeaPromise')),
          list(promised.map((k) => c.code('notice.recipientKind', k))),
        ]
      : []),
    ...unknownCountryBlocks(c),
  ];
  if (blocks.length === 0) blocks.push(paragraph(c.say('notice.transfers.none')));
  return section('transfers', c.say('notice.transfers.heading'), blocks);
}
