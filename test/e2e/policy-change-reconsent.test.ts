// Issue 17's scenario, on every backend: the bank's policy in force, a customer consents to
// proposals; a new version adds a recipient to that purpose and keeps interests longer. Starting
// on it records the change once; the consent that predates it is reported for a re-consent
// campaign and no longer counts (consent.outdated) until the person confirms; a restart on the
// same policy records nothing, and an edit of wording only changes nothing for anyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentOverview, recordConsent } from '../../src/consent/consent.ts';
import { compilePolicy, consentChannelsOf, withOutdatedConsents } from '../../src/decide/compile.ts';
import { interestPurpose } from '../../src/interests/sql.ts';
import { loadPolicyFile } from '../../src/policy/load.ts';
import type { Policy } from '../../src/policy/schema.ts';
import { policyInForce, recordPolicyInForce, startOnPolicy } from '../../src/policy-versions/versions.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { BACKENDS, FIXED_NOW } from '../support/backends.ts';
import { bankPolicy } from '../support/bank-policy.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { policyVariant } from '../support/policy-variant.ts';

const PURPOSE = 'commercial-proposals';
const HOUR = 3_600_000;
/** The bank's purpose that takes consent channel by channel. */
const EMAIL = 'commercial-email';

async function load(file: string): Promise<Policy> {
  const r = await loadPolicyFile(file);
  if (!r.ok) throw new Error(file);
  return r.policy;
}

const widened = async () =>
  load(
    await policyVariant(await bankPolicy(), (doc) => {
      doc.policy.version = `${doc.policy.version}-b`;
      doc.recipients.push({
        id: 'insurer',
        name: 'Partner Insurance SA',
        kind: 'partner',
        country: 'BE',
        purposes: [PURPOSE],
        categories: ['identification'],
        fields: ['givenName'],
      });
      doc.retention.find((r: { id: string }) => r.id === 'interests-1y').duration = 'P2Y';
    }),
  );

describe.each(BACKENDS)('a policy change that widens a consent purpose, on %s (issue 17)', (backend) => {
  let t: TestApp;
  let v1: Policy;
  let v2: Policy;
  let person = '';
  let bystander = '';
  let clock = FIXED_NOW.getTime();
  const who = { actor: 'customer', role: 'customer' as const };

  const decideFor = async (subjectId: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/decisions',
      headers: t.as('dpo'),
      payload: { questions: [{ subjectId, purpose: PURPOSE }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json().answers[0];
    return { allow: a.allow as boolean, reasons: (a.reasons as { code: string }[]).map((r) => r.code) };
  };
  const outdatedList = async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/consents/outdated?purpose=${PURPOSE}`,
      headers: t.as('marketer'),
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { subjectId: string }[]).map((x) => x.subjectId);
  };
  const audits = async () =>
    (
      await t.deps.db.query<{ detail: Record<string, string> }>(
        "SELECT detail FROM audit_pending WHERE action = 'policy.changed' UNION ALL SELECT detail FROM audit_log WHERE action = 'policy.changed'",
      )
    ).rows.map((r) => r.detail);
  const first = () => ({
    policy: v1.policy.id,
    from: '',
    to: v1.policy.version,
    material: '',
    purposes: '',
    renewConsent: '',
    firstRecorded: 'true',
    earlierNotices: 'paper-2019',
  });
  /** A server (re)starting on `policy` `hours` later: records it, then runs it. */
  const start = async (policy: Policy, hours: number, opts: { allowRollback?: boolean } = {}) => {
    clock += hours * HOUR;
    const at = new Date(clock);
    const started = await recordPolicyInForce(t.deps, policy, at, opts);
    t.deps.policy = await policyInForce(t.deps.db, policy, at);
    return started;
  };

  beforeAll(async () => {
    t = await testApp(backend);
    t.deps.now = () => new Date(clock);
    v1 = t.deps.policy;
    v2 = await widened();
    person = t.customerId;
    bystander = (await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test'))
      .id;
    // Recorded before Garde recorded any policy, naming a notice of its own.
    await recordConsent(
      t.deps,
      bystander,
      { purpose: PURPOSE, state: 'refused', noticeVersion: 'paper-2019' },
      who,
    );
    expect(await start(v1, 0)).toMatchObject({ recorded: true, earlierNotices: ['paper-2019'] });
    clock += HOUR;
    await recordConsent(t.deps, person, { purpose: PURPOSE, state: 'given' }, who);
    await recordConsent(t.deps, bystander, { purpose: 'web-personalisation', state: 'given' }, who);
    await recordConsent(t.deps, bystander, { purpose: EMAIL, state: 'given' }, who);
  });
  afterAll(() => t.dispose());

  it('restarting on the same policy records nothing and outdates nothing', async () => {
    expect(await start(v1, 1)).toEqual({
      recorded: false,
      changes: [],
      renewConsent: [],
      versionReused: false,
    });
    expect(await decideFor(person)).toEqual({ allow: true, reasons: ['consent.given'] });
    expect(await outdatedList()).toEqual([]);
    // The first policy recorded while the ledger names other notices: said in the audit trail.
    expect(await audits()).toEqual([first()]);
  });

  it('starting on the widened policy records the change once, even when two processes start at once', async () => {
    clock += HOUR;
    const at = new Date(clock);
    const later = new Date(clock + 5);
    const [a, b] = await Promise.all([startOnPolicy(t.deps, v2, at), startOnPolicy(t.deps, v2, later)]);
    expect([a.start.recorded, b.start.recorded].sort()).toEqual([false, true]);
    // What serve needs to warn of a new version that keeps the older one's effective date.
    expect((a.start.recorded ? a : b).start.previousEffectiveFrom).toBe(String(v1.policy.effectiveFrom));
    // Both run with the consents outdated until the policy came into force: the winner's time.
    const inForce = (a.start.recorded ? at : later).getTime();
    for (const p of [a.running, b.running])
      expect(compilePolicy(p).outdatedConsents.get(PURPOSE)).toEqual([{ from: null, to: inForce }]);
    t.deps.policy = a.running;
    expect(await audits()).toEqual([
      first(),
      {
        policy: v1.policy.id,
        from: v1.policy.version,
        to: v2.policy.version,
        material: 'recipient.added,retention.longer',
        purposes: 'commercial-proposals,web-personalisation,commercial-email',
        renewConsent: 'commercial-proposals,web-personalisation,commercial-email',
      },
    ]);
    const rows = await t.deps.db.query('SELECT version FROM policy_versions ORDER BY id');
    expect(rows.rows).toEqual([{ version: v1.policy.version }, { version: v2.policy.version }]);
  });

  it('the consent given before it is reported, refused as consent.outdated, and explained in words', async () => {
    expect(await outdatedList()).toEqual([person]);
    expect(await decideFor(person)).toEqual({ allow: false, reasons: ['consent.outdated'] });
    const overview = await consentOverview(t.deps, person, { accepted: ['en'] });
    const mine = overview.find((o) => o.purpose === PURPOSE && o.channel === '');
    expect(mine).toMatchObject({ state: 'given', outdated: true });
    expect(mine?.changes).toEqual([
      'A new recipient: Partner Insurance SA',
      'Kept longer: Interests derived by models, 2 years instead of 1 year',
    ]);
  });

  it('consent given on the notice in force before the widening is refused, naming the notice in force and what changed', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${person}/consents`,
      headers: t.as('dpo'),
      payload: { purpose: PURPOSE, state: 'given', noticeVersion: v1.policy.version, noticeLanguage: 'en' },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'NOTICE_OUTDATED',
      noticeVersion: v2.policy.version,
      language: 'en',
      changes: [
        'A new recipient: Partner Insurance SA',
        'Kept longer: Interests derived by models, 2 years instead of 1 year',
      ],
    });
    expect(await decideFor(person)).toEqual({ allow: false, reasons: ['consent.outdated'] });
    // A version never recorded as in force (a paper form's own numbering) is judged by time only.
    const paper = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${person}/consents`,
      headers: t.as('dpo'),
      payload: { purpose: PURPOSE, state: 'refused', noticeVersion: 'paper-2019' },
    });
    expect(paper.statusCode, paper.body).toBe(201);
    // A withdrawal on the older notice is always taken.
    const withdrawal = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${person}/consents`,
      headers: t.as('dpo'),
      payload: { purpose: PURPOSE, state: 'withdrawn', noticeVersion: v1.policy.version },
    });
    expect(withdrawal.statusCode, withdrawal.body).toBe(201);
  });

  it('once the person confirms, the consent counts again and leaves the report', async () => {
    clock += HOUR;
    await recordConsent(
      t.deps,
      person,
      { purpose: PURPOSE, state: 'given', noticeVersion: v2.policy.version },
      who,
    );
    expect(await decideFor(person)).toEqual({ allow: true, reasons: ['consent.given'] });
    expect(await outdatedList()).toEqual([]);
  });

  it('a purpose-wide consent the change outdated leaves the report once each carrying channel has its own answer', async () => {
    const listed = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/v1/consents/outdated?purpose=${EMAIL}`,
          headers: t.as('dpo'),
        })
      )
        .json()
        .items.map((x: { subjectId: string }) => x.subjectId);
    expect(await listed()).toEqual([bystander]);
    const channels = consentChannelsOf(t.deps.policy, EMAIL) ?? [];
    expect(channels.length).toBeGreaterThan(0);
    clock += HOUR;
    for (const channel of channels)
      await recordConsent(t.deps, bystander, { purpose: EMAIL, channel, state: 'given' }, who);
    // The purpose-wide record is still outdated, but answers on no channel any more.
    expect(await listed()).toEqual([]);
  });

  it('an edit of wording only is recorded as a change with no material kind, and changes nothing for anyone', async () => {
    const worded = structuredClone(v2);
    worded.policy.title = {
      en: 'Privacy notice (typo fixed)',
      fr: 'Avis de confidentialité',
      nl: 'Privacyverklaring',
    };
    const before = await decideFor(person);
    const started = await start(worded, 1);
    expect(started).toMatchObject({ recorded: true, renewConsent: [], changes: [] });
    expect((await audits()).at(-1)).toMatchObject({ material: '', renewConsent: '' });
    expect(await decideFor(person)).toEqual(before);
    // The bystander's tracking consent predates the widening: still outdated, nobody else became so.
    const tracking = await t.app.inject({
      method: 'GET',
      url: '/v1/consents/outdated?purpose=web-personalisation',
      headers: t.as('dpo'),
    });
    expect(tracking.json().items.map((x: { subjectId: string }) => x.subjectId)).toEqual([bystander]);
    expect(await outdatedList()).toEqual([]);
    // Only consent can be outdated: asking for a purpose on another basis is a wrong question.
    const other = t.deps.policy.purposes.find((p) => p.legalBasis !== 'consent')?.id as string;
    const wrong = await t.app.inject({
      method: 'GET',
      url: `/v1/consents/outdated?purpose=${other}`,
      headers: t.as('dpo'),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'REQUEST_INVALID' });
    expect(wrong.json().detail).toContain('only consent can be outdated');
  });

  it('an older policy starting after a newer one is refused, naming both versions, and recorded only when asked', async () => {
    const versions = async () =>
      (await t.deps.db.query('SELECT version FROM policy_versions ORDER BY id')).rows.length;
    const before = await versions();
    await expect(recordPolicyInForce(t.deps, v1, new Date(clock + HOUR))).rejects.toThrow(
      `the policy ${v1.policy.id} ${v1.policy.version} was in force from ${new Date(FIXED_NOW).toISOString()}, and ${v2.policy.version} has been in force since`,
    );
    expect(await versions()).toBe(before);
    expect(await start(v1, 1, { allowRollback: true })).toMatchObject({ recorded: true, rollback: true });
    expect((await audits()).at(-1)).toMatchObject({
      from: v2.policy.version,
      to: v1.policy.version,
      rollback: 'true',
    });
    // The person confirmed under the wider policy: that consent counts under the narrower one.
    expect(await decideFor(person)).toEqual({ allow: true, reasons: ['consent.given'] });
  });

  it('withdrawing the profiling consent on one channel forgets the interests when the consent left on another is outdated', async () => {
    const tracking = interestPurpose(v1) as string;
    expect(tracking).not.toBeNull();
    // The profiling consent taken channel by channel, given on two channels before a change.
    const perChannel = structuredClone(v1);
    const p = perChannel.purposes.find((x) => x.id === tracking);
    if (!p?.consent) throw new Error('tracking purpose without consent');
    p.consent.perChannel = true;
    const [kept, withdrawn] = consentChannelsOf(perChannel, tracking) ?? [];
    expect(withdrawn).toBeDefined();
    const someone = (
      await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test')
    ).id;
    const before = { ...t.deps, policy: perChannel };
    for (const channel of [kept, withdrawn])
      await recordConsent(before, someone, { purpose: tracking, channel, state: 'given' }, who);
    const running = withOutdatedConsents(perChannel, new Map([[tracking, [{ from: null, to: clock + 1 }]]]));
    clock += HOUR;
    await t.deps.db.query(
      "INSERT INTO interests (subject_id, topic, score, signals, scored_at) VALUES ($1, 'pension', 0.9, '[]', $2)",
      [someone, new Date(clock)],
    );
    await recordConsent(
      { ...t.deps, policy: running },
      someone,
      { purpose: tracking, channel: withdrawn, state: 'withdrawn' },
      who,
    );
    const left = await t.deps.db.query('SELECT topic FROM interests WHERE subject_id = $1', [someone]);
    expect(left.rows).toEqual([]);
  });
});
