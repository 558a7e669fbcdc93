// Art. 13(2)(a), 14(2)(a): how long each category is kept, in plain words ("10 years from the
// end of the contract"; a period the notice states only in words, quoted; never P10Y). Then the
// promises about recorded behaviour (BK-1..BK-3) and about messages: the cap across channels
// (BK-7), what each channel needs, former customers (EN-10), subscriptions (BK-8).
import { isLegalObligation, purposesOf } from '../policy/retention-rules.ts';
import type { RetentionRule } from '../policy/schema.ts';
import { clockWords } from '../retention/clock-words.ts';
import { type Ctx, list, paragraph, purposeNames, type Section, section } from './notice.ts';

/** One rule in words: its period, then whom and which purposes it is for. */
function ruleWords(c: Ctx, r: RetentionRule): string {
  const legal = isLegalObligation(c.policy, r);
  let kept: string;
  if (r.period) {
    // Art. 13(2)(a): the notice's own words for the period, quoted as written.
    kept = c.say('notice.retention.quoted', { period: c.w.text(r.period) });
    if (legal) kept = c.say('notice.retention.legal', { kept });
  } else if (r.duration && r.clock) {
    kept = c.say(legal ? 'report.keptForLegal' : 'report.keptFor', {
      duration: c.w.duration(r.duration),
      clock: clockWords(c.policy, r.clock, c.w),
    });
  } else kept = c.say('notice.retention.notStated');
  if (!r.duration && r.review)
    kept = c.say('notice.retention.review', { kept, every: c.w.duration(r.review) });
  if (r.lifecycles?.length)
    kept = c.say('notice.retention.for', {
      kept,
      who: c.w.list(r.lifecycles.map((l) => c.code('notice.lifecycle', l))),
    });
  if (r.purposes?.length)
    kept = c.say('retention.forPurposes', {
      kept,
      purposes: c.w.list(purposesOf(c.policy, r).map((x) => c.w.text(x.description))),
    });
  return kept;
}

export function retentionSection(c: Ctx): Section {
  const rows = c.policy.categories.flatMap((k) => {
    const rules = c.policy.retention.filter((r) => r.category === k.id);
    const name = c.w.text(k.description);
    return rules.length === 0
      ? [[name, c.say('notice.retention.notStated')]]
      : rules.map((r) => [name, ruleWords(c, r)]);
  });
  return section('retention', c.say('notice.retention.heading'), [
    {
      kind: 'table',
      caption: c.say('notice.retention.caption'),
      head: [c.say('notice.table.data'), c.say('notice.table.period')],
      rows,
    },
  ]);
}

export function trackingSection(c: Ctx): Section | undefined {
  const t = c.policy.tracking;
  if (!t) return undefined;
  const consent = purposeNames(c, [t.consentPurpose]);
  return section('tracking', c.say('notice.tracking.heading'), [
    paragraph(c.say(t.identifiedOnly ? 'notice.tracking.identifiedOnly' : 'notice.tracking.everyone')),
    paragraph(c.say('notice.tracking.kinds')),
    list(t.eventKinds.map((k) => c.w.text(k.description))),
    paragraph(
      c.say('notice.tracking.kept', {
        duration: c.w.duration(t.retention),
        purpose: consent[0] ?? '',
      }),
    ),
  ]);
}

function capWords(c: Ctx): string[] {
  const k = c.policy.communications;
  const cap = k?.cap;
  if (!k || !cap) return [c.say('notice.comms.noCap')];
  const window =
    cap.window === 'rolling'
      ? c.say('notice.window.rolling', { duration: c.w.duration(cap.rollingWindow ?? 'P1M') })
      : c.code('notice.window', cap.window);
  const out = [c.say('notice.comms.cap', { max: cap.max, window })];
  if (cap.mode === 'target') out.push(c.say('notice.comms.capTarget'));
  const free = k.messageClasses
    .filter((m) => m.countsTowardCap === false)
    .map((m) => c.w.text(m.description));
  if (free.length) out.push(c.say('notice.comms.notCounted', { classes: c.w.list(free) }));
  return out;
}

export function communicationsSection(c: Ctx): Section | undefined {
  const k = c.policy.communications;
  if (!k) return undefined;
  const blocks = [paragraph(capWords(c).join(' '))];
  const rules = {
    'explicit-consent': 'consent',
    'identified-session': 'login',
    'no-objection': 'noObjection',
  };
  blocks.push(
    paragraph(c.say('notice.comms.channels')),
    list(
      k.channels.map((ch) => {
        const needs = ch.requires.map((r) => c.code('notice.channel', rules[r]));
        return needs.length
          ? c.say('notice.comms.channel', { channel: c.w.text(ch.description), rules: c.w.list(needs) })
          : c.w.text(ch.description);
      }),
    ),
  );
  const former = k.formerCustomers;
  if (former)
    blocks.push(
      paragraph(
        c.say(former.unlessObjected ? 'notice.comms.formerUnlessObjected' : 'notice.comms.former', {
          every: c.w.duration(former.every),
          until: c.w.duration(former.until),
        }),
      ),
    );
  const topics = c.policy.subscriptions ?? [];
  if (topics.length)
    blocks.push(
      paragraph(c.say('notice.comms.subscriptions')),
      list(topics.map((s) => c.w.text(s.description))),
    );
  return section('messages', c.say('notice.comms.heading'), blocks);
}
