// Art. 13(2)(b)-(d), 14(2)(c)-(e), Art. 12(3), 12(6), 21, 32: the rights and where each is
// exercised, the time to answer, withdrawing consent and objecting to direct marketing at any
// time, the complaint to the authority (or any, when the policy names none), the security the
// policy states, and what the notice leaves unsaid that the Regulation asks it to state.
import { sessionAbsoluteTimeout, sessionIdleTimeout } from '../keys/sessions.ts';
import { channelsTaking, rightsDeadline, rightsExtension } from '../policy/rights-defaults.ts';
import { EEA_COUNTRIES, unstatedCountryGround } from '../policy/transfers.ts';
import {
  type Ctx,
  capitalised,
  categoryNames,
  list,
  paragraph,
  purposeNames,
  type Section,
  section,
} from './notice.ts';

/** A rights channel by its name; the notice never shows its id. */
function channelName(c: Ctx, id: string): string {
  const ch = c.policy.rights.channels.find((x) => x.id === id);
  return ch?.description ? c.w.text(ch.description) : c.say('notice.rights.channelUnnamed');
}

function identityLines(c: Ctx): string[] {
  const chs = c.policy.rights.channels;
  const named = (pick: (v: boolean | undefined) => boolean) =>
    c.w.list(chs.filter((x) => pick(x.identityProof)).map((x) => channelName(c, x.id)));
  const out: string[] = [];
  if (chs.some((x) => x.identityProof === true))
    out.push(c.say('notice.rights.proof', { channels: named((v) => v === true) }));
  if (chs.some((x) => x.identityProof === false))
    out.push(c.say('notice.rights.login', { channels: named((v) => v === false) }));
  if (chs.some((x) => x.identityProof === undefined))
    out.push(c.say('notice.rights.doubt', { channels: named((v) => v === undefined) }));
  return out;
}

export function rightsSection(c: Ctx): Section {
  const p = c.policy;
  const r = p.rights;
  const items = r.supported.map((right) =>
    c.say('notice.rights.item', {
      right: capitalised(c, c.code('right', right)),
      channels: c.w.list(channelsTaking(r, right).map((id) => channelName(c, id))),
    }),
  );
  const more = [
    c.say('notice.rights.deadline', {
      deadline: c.w.duration(rightsDeadline(r)),
      extension: c.w.duration(rightsExtension(r)),
    }),
    ...identityLines(c),
  ];
  if (p.purposes.some((x) => x.legalBasis === 'consent')) more.push(c.say('notice.rights.withdraw'));
  if (p.purposes.some((x) => x.directMarketing)) more.push(c.say('notice.rights.objectMarketing'));
  if (
    r.supported.includes('objection') &&
    p.purposes.some((x) => x.legalBasis === 'legitimate-interest' || x.legalBasis === 'public-task')
  )
    more.push(c.say('notice.rights.object'));
  if (r.supported.includes('portability'))
    more.push(
      c.say('notice.rights.portability', {
        formats: c.w.list((r.portabilityFormats ?? ['json', 'csv']).map((f) => f.toUpperCase())),
      }),
    );
  if (r.warnContractImpact) more.push(c.say('notice.rights.contractImpact'));
  return section('rights', c.say('notice.rights.heading'), [
    paragraph(c.say('notice.rights.intro')),
    list(items),
    ...more.map(paragraph),
  ]);
}

export function complaintSection(c: Ctx): Section {
  const k = c.policy.controller;
  const a = k.supervisoryAuthority;
  const blocks = [paragraph(c.say('notice.complaint.us', { email: k.privacyContact }))];
  if (a) {
    blocks.push(paragraph(`${c.say('report.complain', { authority: a.name })}.`));
    const ways = [a.url, a.email, a.address].filter((x): x is string => Boolean(x));
    if (ways.length) blocks.push(list(ways));
  } else blocks.push(paragraph(c.say('report.complainAnywhere')));
  return section('complaint', c.say('notice.complaint.heading'), blocks);
}

export function securitySection(c: Ctx): Section | undefined {
  const p = c.policy;
  const s = p.security;
  const sealed = p.categories.filter((k) => k.fields.some((f) => f.encrypted)).map((k) => k.id);
  const lines: string[] = [];
  if (s?.transportEncryption) lines.push(c.say('notice.security.transport'));
  if (s)
    lines.push(
      c.say('notice.security.sessions', {
        idle: c.w.duration(sessionIdleTimeout(p)),
        absolute: c.w.duration(sessionAbsoluteTimeout(p)),
      }),
    );
  if (s?.internalNetworkFirewalled) lines.push(c.say('notice.security.firewall'));
  if (sealed.length)
    lines.push(c.say('notice.security.encrypted', { categories: c.w.list(categoryNames(c, sealed)) }));
  if (p.confidentiality) lines.push(c.w.text(p.confidentiality.statement));
  if (p.cookies) lines.push(c.say('notice.security.cookies', { url: p.cookies.policyUrl }));
  if (lines.length === 0) return undefined;
  return section('security', c.say('notice.security.heading'), lines.map(paragraph));
}

/** The safeguards of Art. 46 and 47, of which the person may get a copy (Art. 13(1)(f)). */
const COPY_OF: ReadonlySet<string> = new Set(['scc', 'bcr', 'code-of-conduct', 'certification']);

/** What Art. 13 and 14 ask the notice to state and the policy leaves unsaid: shown, never invented. */
export function gapsSection(c: Ctx): Section | undefined {
  const p = c.policy;
  const gaps: string[] = [];
  const add = (id: Parameters<Ctx['say']>[0], key: string, names: string[]) => {
    if (names.length) gaps.push(c.say(id, { [key]: c.w.list(names) }));
  };
  const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
  add(
    'notice.gaps.interest',
    'purposes',
    purposeNames(
      c,
      ids(
        p.purposes.filter((x) => x.legalBasis === 'legitimate-interest' && !x.legitimateInterest?.interest),
      ),
    ),
  );
  add(
    'notice.gaps.decisions',
    'purposes',
    purposeNames(
      c,
      ids(
        p.purposes.filter(
          (x) => x.automatedDecision && (!x.automatedDecision.logic || !x.automatedDecision.significance),
        ),
      ),
    ),
  );
  // Art. 13(2)(e): whether the data is required by law or contract and what follows if it is not
  // given; stated by the purpose's `provision`, or by every one of its categories'. A consent is
  // given freely by definition (Art. 4(11), 7(4)), and the notice says it can be withdrawn.
  const provided = new Set(p.categories.filter((k) => k.provision).map((k) => k.id));
  add(
    'notice.gaps.provision',
    'purposes',
    purposeNames(
      c,
      ids(
        p.purposes.filter(
          (x) => x.legalBasis !== 'consent' && !x.provision && !x.categories.every((k) => provided.has(k)),
        ),
      ),
    ),
  );
  const ruled = new Set(p.retention.map((r) => r.category));
  add(
    'notice.gaps.retention',
    'categories',
    categoryNames(c, ids(p.categories.filter((k) => !ruled.has(k.id)))),
  );
  add(
    'notice.gaps.sources',
    'categories',
    categoryNames(c, ids(p.categories.filter((k) => !k.sources?.length))),
  );
  add(
    'notice.gaps.country',
    'recipients',
    p.recipients
      .filter((r) => r.country === undefined && unstatedCountryGround(r, p) !== 'eea-promised')
      .map((r) => r.name),
  );
  // Art. 13(1)(f), 14(1)(f): for a transfer on Art. 46 or 47 safeguards, the means to get a copy
  // of them or where they are available (an adequacy decision or a derogation needs none).
  add(
    'notice.gaps.copy',
    'recipients',
    p.recipients
      .filter(
        (r) =>
          r.country !== undefined &&
          !EEA_COUNTRIES.has(r.country) &&
          typeof r.safeguard === 'object' &&
          COPY_OF.has(r.safeguard.mechanism) &&
          !r.safeguard.copy,
      )
      .map((r) => r.name),
  );
  add(
    'notice.gaps.joint',
    'purposes',
    (p.jointControllers ?? []).filter((j) => !j.essence).flatMap((j) => purposeNames(c, j.purposes)),
  );
  if (gaps.length === 0) return undefined;
  return section('not-stated', c.say('notice.gaps.heading'), [
    paragraph(c.say('notice.gaps.intro')),
    list(gaps),
  ]);
}
