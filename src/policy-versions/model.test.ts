import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withOutdatedConsents } from '../decide/compile.ts';
import { decide } from '../decide/decide.ts';
import type { SubjectState } from '../decide/types.ts';
import { parsePolicy } from '../policy/load.ts';
import type { Policy } from '../policy/schema.ts';
import { contentHash, judgeStart, outdatedWindows, type RecordedPolicy } from './model.ts';

const r = parsePolicy(readFileSync('policies/retail-bank.yaml', 'utf8'), 'policies/retail-bank.yaml');
if (!r.ok) throw new Error('bank policy');
const V1 = r.policy;
/** The bank's proposals shared with a new recipient: its consent must be given again. */
const V2 = structuredClone(V1);
V2.policy.version = '2';
V2.recipients.push({
  id: 'insurer',
  name: 'Partner Insurance SA',
  kind: 'partner',
  country: 'BE',
  purposes: ['commercial-proposals'],
  categories: ['identification'],
});
/** V1 with a reworded title only. */
const V1_WORDED = structuredClone(V1);
V1_WORDED.policy.title = {
  en: 'Our privacy notice, reworded',
  fr: 'Notre avis, reformulé',
  nl: 'Onze verklaring, herschreven',
};

const at = (iso: string) => new Date(iso);
const rec = (id: number, content: Policy, from: string): RecordedPolicy => ({
  id,
  policyId: content.policy.id,
  version: content.policy.version,
  contentHash: contentHash(content),
  content,
  inForceFrom: at(from),
});
const NOW = at('2026-12-01T00:00:00Z');

describe('outdated consents: which records the policy changes outdated (issue 17)', () => {
  it('a widened consent purpose outdates what was given before the change, and nothing else', () => {
    const w = outdatedWindows([rec(1, V1, '2026-01-01'), rec(2, V2, '2026-06-01')], V2, contentHash(V2), NOW);
    expect([...w.keys()]).toEqual(['commercial-proposals']);
    expect(w.get('commercial-proposals')).toEqual([{ from: null, to: at('2026-06-01').getTime() }]);
  });

  it('restarting on the same policy, or an edit of its words, outdates nothing', () => {
    expect(outdatedWindows([rec(1, V1, '2026-01-01')], V1, contentHash(V1), NOW).size).toBe(0);
    const worded = [rec(1, V1, '2026-01-01'), rec(2, V1_WORDED, '2026-03-01')];
    expect(outdatedWindows(worded, V1_WORDED, contentHash(V1_WORDED), NOW).size).toBe(0);
  });

  it('going back to the older policy makes the consents given under it count again', () => {
    const history = [rec(1, V1, '2026-01-01'), rec(2, V2, '2026-06-01'), rec(3, V1, '2026-09-01')];
    expect(outdatedWindows(history, V1, contentHash(V1), NOW).size).toBe(0);
    // ... and forward again: what was given under V1, before and after V2's first time, is outdated.
    const again = [...history, rec(4, V2, '2026-11-01')];
    expect(outdatedWindows(again, V2, contentHash(V2), NOW).get('commercial-proposals')).toEqual([
      { from: null, to: at('2026-06-01').getTime() },
      { from: at('2026-09-01').getTime(), to: at('2026-11-01').getTime() },
    ]);
  });

  it('a policy not yet recorded is judged as in force from now', () => {
    const w = outdatedWindows([rec(1, V1, '2026-01-01')], V2, contentHash(V2), NOW);
    expect(w.get('commercial-proposals')).toEqual([{ from: null, to: NOW.getTime() }]);
  });

  it('the content hash ignores key order', () => {
    const reordered = Object.fromEntries(Object.entries(V1).reverse()) as Policy;
    expect(contentHash({ ...V1 })).toBe(contentHash(V1));
    expect(contentHash(reordered)).toBe(contentHash(V1));
    expect(contentHash(V2)).not.toBe(contentHash(V1));
  });

  it('decide() answers consent.outdated for a consent given before the change, until given again', () => {
    const windows = outdatedWindows(
      [rec(1, V1, '2026-01-01'), rec(2, V2, '2026-06-01')],
      V2,
      contentHash(V2),
      NOW,
    );
    const policy = withOutdatedConsents(V2, windows);
    const person = (recordedAt: string): SubjectState => ({
      lifecycle: 'customer',
      controller: 'self',
      contractEndedOn: null,
      lastContactAt: null,
      consents: { 'commercial-proposals': 'given', 'web-personalisation': 'given' },
      consentSince: { 'commercial-proposals': at('2026-02-01'), 'web-personalisation': at('2026-02-01') },
      consentRecordedAt: { 'commercial-proposals': at(recordedAt), 'web-personalisation': at(recordedAt) },
      objections: [],
      restrictions: [],
    });
    const before = person('2026-02-01');
    expect(decide(policy, before, { purpose: 'commercial-proposals' }, NOW)).toEqual({
      allow: false,
      reasons: ['consent.outdated'],
    });
    // Another consent purpose the change did not touch still counts.
    expect(decide(policy, before, { purpose: 'web-personalisation' }, NOW).allow).toBe(true);
    // Confirmed after the change (the run of consent goes on: its start is unchanged).
    expect(decide(policy, person('2026-07-01'), { purpose: 'commercial-proposals' }, NOW)).toEqual({
      allow: true,
      reasons: ['consent.given'],
    });
    // The policy as parsed carries no window: the same person is allowed.
    expect(decide(V2, before, { purpose: 'commercial-proposals' }, NOW).allow).toBe(true);
  });
});

describe('a server starting on a policy: record it, or refuse (issue 17)', () => {
  const judge = (history: RecordedPolicy[], policy: Policy, allowRollback = false) =>
    judgeStart(history, policy, contentHash(policy), allowRollback);
  const V1_WIDER_SAME_VERSION = structuredClone(V2);
  V1_WIDER_SAME_VERSION.policy.version = V1.policy.version;
  const V1_WORDED_SAME_VERSION = structuredClone(V1_WORDED);

  it('the policy in force, restarted, records nothing', () => {
    expect(judge([rec(1, V1, '2026-01-01')], V1)).toEqual({ kind: 'same' });
  });

  it('a new policy is recorded with the changes from the one in force', () => {
    const v = judge([rec(1, V1, '2026-01-01')], V2);
    expect(v).toMatchObject({ kind: 'record', versionReused: false, rollback: false });
    expect(v.kind === 'record' && v.changes.map((c) => c.kind)).toEqual(['recipient.added']);
    expect(judge([], V1)).toMatchObject({ kind: 'record', last: undefined, changes: [] });
  });

  it('an older policy starting after a newer one (a process of the older release restarting mid-deploy) is refused, naming both', () => {
    const history = [rec(1, V1, '2026-01-01'), rec(2, V2, '2026-06-01')];
    expect(judge(history, V1)).toMatchObject({
      kind: 'rollback',
      last: { version: '2' },
      before: { version: V1.policy.version },
    });
    // ... unless the rollback is deliberate: then it is recorded as in force again.
    expect(judge(history, V1, true)).toMatchObject({ kind: 'record', rollback: true });
  });

  it('going forward again after a deliberate rollback records the newer policy, not a rollback (second review)', () => {
    const history = [rec(1, V1, '2026-01-01'), rec(2, V2, '2026-06-01'), rec(3, V1, '2026-07-01')];
    expect(judge(history, V2)).toMatchObject({ kind: 'record', rollback: false });
    // Any other policy seen before is still a rollback.
    const older = [rec(1, V1_WORDED, '2025-01-01'), ...history];
    expect(judge(older, V1_WORDED)).toMatchObject({ kind: 'rollback' });
  });

  it('a superseded version string reused for edited content is a rollback, refused unless asked (second review)', () => {
    const history = [rec(1, V1, '2026-01-01'), rec(2, V2, '2026-06-01')];
    expect(judge(history, V1_WORDED_SAME_VERSION)).toMatchObject({
      kind: 'rollback',
      before: { version: V1.policy.version },
    });
    expect(judge(history, V1_WORDED_SAME_VERSION, true)).toMatchObject({ kind: 'record', rollback: true });
  });

  it('a version string reused for content that differs materially is refused; for wording only, a warning', () => {
    const history = [rec(1, V1, '2026-01-01')];
    expect(judge(history, V1_WIDER_SAME_VERSION)).toMatchObject({
      kind: 'version-reused',
      earlier: { version: V1.policy.version },
      material: ['recipient.added'],
    });
    expect(judge(history, V1_WORDED_SAME_VERSION)).toMatchObject({ kind: 'record', versionReused: true });
  });
});
