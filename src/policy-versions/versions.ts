// The policy in force over time (issue 17 item 4). `garde serve` records the policy it starts on;
// when it differs from the last one recorded, the change is recorded once (the audit trail's
// `policy.changed`, with its material kinds and purposes, no personal data) and consents given
// under an earlier policy whose purpose it renews stop counting (src/policy-versions/model.ts).
// Every process loads the windows of outdated consents at start-up into the policy it runs.
import { appendAudit } from '../audit/store.ts';
import { withOutdatedConsents } from '../decide/compile.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Deps } from '../platform/deps.ts';
import { type Change, policyChanges, purposesToRenew } from '../policy/diff.ts';
import { describeChange } from '../policy/diff-words.ts';
import type { Policy } from '../policy/schema.ts';
import type { Words } from '../words/words.ts';
import { contentHash, judgeStart, outdatedWindows, type RecordedPolicy, type StartVerdict } from './model.ts';
import { insertPolicyVersion, selectNoticeVersions, selectPolicyHistory } from './store.ts';

export type PolicyStart = {
  /** A policy other than the last recorded came into force (false: the same one, nothing done). */
  recorded: boolean;
  /** The last recorded policy's version, when there was one and it differs. */
  previousVersion?: string;
  /** The last recorded policy's `effectiveFrom` (the date its notice says it took effect). */
  previousEffectiveFrom?: string;
  changes: Change[];
  /** The consent purposes whose earlier consents no longer count. */
  renewConsent: string[];
  /**
   * The version string was recorded before with other content: the change is judged by content
   * (the hash), and whoever publishes the policy should give each content its own version.
   */
  versionReused: boolean;
  /** A policy in force before another came back into force, as `allowRollback` let it. */
  rollback?: true;
  /**
   * The first policy recorded, while the consent ledger names other notice versions: those
   * consents are taken as given under this policy, whatever it changed since (issue 17 review A2).
   */
  earlierNotices?: string[];
};

/**
 * A start refused (issue 17): a rollback not asked for, or a version string reused for content
 * that differs materially. `message` says what to do; nothing was recorded.
 */
export class PolicyStartRefused extends Error {}

function refusal(
  policy: Policy,
  v: Extract<StartVerdict, { kind: 'rollback' | 'version-reused' }>,
): PolicyStartRefused {
  const name = `${policy.policy.id} ${policy.policy.version}`;
  const day = (d: Date) => d.toISOString();
  if (v.kind === 'rollback')
    return new PolicyStartRefused(
      `the policy ${name} was in force from ${day(v.before.inForceFrom)}, and ${v.last.version} has been in force since ${day(v.last.inForceFrom)}: starting on it would roll the policy back, and consents given under ${v.last.version} would be judged by ${policy.policy.version}. A process of an older release restarting during a deploy: start it on the policy in force. To go back to it on purpose: garde serve --allow-policy-rollback.`,
    );
  return new PolicyStartRefused(
    `the policy ${name} was in force from ${day(v.earlier.inForceFrom)} with other content, and this one differs from it materially (${v.material.join(', ')}): consents name a notice by its version. Give this policy a new policy.version and start again.`,
  );
}

/**
 * Records `policy` as in force from `at` unless it already is (the last recorded has the same
 * content). Several processes starting at once record it once: the advisory lock serialises
 * them, and each reads the head under it. Throws PolicyStartRefused for a rollback (unless
 * `allowRollback`) or a version reused for materially other content (model.ts judgeStart).
 */
export async function recordPolicyInForce(
  d: Pick<Deps, 'db'>,
  policy: Policy,
  at: Date,
  opts: { allowRollback?: boolean } = {},
): Promise<PolicyStart> {
  const hash = contentHash(policy);
  return d.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.policyVersions]);
    const history = await selectPolicyHistory(tx);
    const verdict = judgeStart(history, policy, hash, opts.allowRollback === true);
    if (verdict.kind === 'same')
      return { recorded: false, changes: [], renewConsent: [], versionReused: false };
    if (verdict.kind !== 'record') throw refusal(policy, verdict);
    const { last, changes, versionReused, rollback } = verdict;
    const renewConsent = purposesToRenew(changes);
    const material = changes.filter((c) => c.material);
    // The first record: consents naming other notices are taken as given under this policy.
    const earlierNotices = last ? [] : await selectNoticeVersions(tx, policy.policy.version);
    await insertPolicyVersion(tx, {
      policy,
      contentHash: hash,
      at,
      changes: material.map((c) => ({ kind: c.kind, purposes: c.purposes })),
      renewConsent,
    });
    if (last || earlierNotices.length > 0)
      await auditChange(tx, last?.version ?? '', policy, material, renewConsent, at, {
        ...(versionReused ? { versionReused: 'true' } : {}),
        ...(rollback ? { rollback: 'true' } : {}),
        ...(earlierNotices.length > 0
          ? { firstRecorded: 'true', earlierNotices: earlierNotices.join(',') }
          : {}),
      });
    return {
      recorded: true,
      previousVersion: last?.version,
      ...(last ? { previousEffectiveFrom: String(last.content.policy.effectiveFrom) } : {}),
      changes,
      renewConsent,
      versionReused,
      ...(rollback ? { rollback: true as const } : {}),
      ...(earlierNotices.length > 0 ? { earlierNotices } : {}),
    };
  });
}

async function auditChange(
  tx: Queryable,
  from: string,
  policy: Policy,
  material: readonly Change[],
  renewConsent: readonly string[],
  at: Date,
  flags: Record<string, string>,
): Promise<void> {
  const detail = {
    policy: policy.policy.id,
    from,
    to: policy.policy.version,
    material: [...new Set(material.map((c) => c.kind))].join(','),
    purposes: [...new Set(material.flatMap((c) => c.purposes))].join(','),
    renewConsent: renewConsent.join(','),
    ...flags,
  };
  await appendAudit(
    tx,
    { actor: 'system:policy', action: 'policy.changed', changeDigest: digestOf(detail), detail },
    at,
  );
}

/**
 * A process starting on `policy` at `at`: records it (recordPolicyInForce), then returns it as
 * the process runs it. Always read again after recording, even when another process recorded
 * it first: the windows worked out before (openRuntime) end at this process's own start, not at
 * the time the policy came into force (issue 17 review A3).
 */
export async function startOnPolicy(
  d: Pick<Deps, 'db'>,
  policy: Policy,
  at: Date,
  opts: { allowRollback?: boolean } = {},
): Promise<{ start: PolicyStart; running: Policy }> {
  const start = await recordPolicyInForce(d, policy, at, opts);
  return { start, running: await policyInForce(d.db, policy, at) };
}

/**
 * The policy as a process runs it: carrying, per consent purpose, when the consents that its
 * changes outdated were given (decide() and its SQL read them: src/decide/compile.ts).
 */
export async function policyInForce(db: Queryable, policy: Policy, now: Date): Promise<Policy> {
  const history = await selectPolicyHistory(db);
  if (history.length === 0) return policy;
  const running = withOutdatedConsents(policy, outdatedWindows(history, policy, contentHash(policy), now));
  histories.set(running, history);
  return running;
}

const histories = new WeakMap<Policy, readonly RecordedPolicy[]>();

/**
 * What changed, in plain words, in the purpose's terms since the consent recorded at
 * `recordedAt` was given: the changes from the policy then in force to `policy` that renew the
 * purpose's consent (empty when none, or when the policy carries no recorded history).
 */
export function changesSince(policy: Policy, purpose: string, recordedAt: Date, words: Words): string[] {
  const history = histories.get(policy) ?? [];
  const then = [...history].reverse().find((h) => h.inForceFrom <= recordedAt) ?? history[0];
  return then ? renewingChanges(then, policy, purpose, words) : [];
}

/** The changes from `then` to `policy` that renew the purpose's consent, in plain words. */
function renewingChanges(then: RecordedPolicy, policy: Policy, purpose: string, words: Words): string[] {
  return policyChanges(then.content, policy)
    .filter((c) => c.renewConsent.includes(purpose))
    .map((c) => describeChange(c, then.content, policy, words));
}

/**
 * Issue 17 (Art. 7(1), 13(3)): a consent given on a notice that is no longer the one in force,
 * when the change since renews the purpose's consent: the person agreed to less than the policy
 * now does. `noticeVersion` names the notice the person was shown; a version never recorded as
 * in force (a paper form's own numbering), or one whose content is in force now, is no such
 * notice. Returns the recorded policy of that notice, and the change in `words`, or null.
 */
export function outdatedNotice(
  policy: Policy,
  purpose: string,
  noticeVersion: string,
  words: () => Words,
): { version: string; changes: string[] } | null {
  // The notice in force (its version cannot name materially other content: judgeStart).
  if (noticeVersion === policy.policy.version) return null;
  const history = histories.get(policy) ?? [];
  const named = history.filter((h) => h.version === noticeVersion);
  const then = named[named.length - 1];
  if (!then || named.some((h) => h.contentHash === contentHash(policy))) return null;
  if (!renewedSince(policy, then).includes(purpose)) return null;
  return { version: then.version, changes: renewingChanges(then, policy, purpose, words()) };
}

const renewed = new WeakMap<Policy, Map<number, readonly string[]>>();

/** The purposes whose consent the change from `then` to `policy` renews, worked out once each. */
function renewedSince(policy: Policy, then: RecordedPolicy): readonly string[] {
  let byRecord = renewed.get(policy);
  if (!byRecord) {
    byRecord = new Map();
    renewed.set(policy, byRecord);
  }
  let out = byRecord.get(then.id);
  if (!out) {
    out = purposesToRenew(policyChanges(then.content, policy));
    byRecord.set(then.id, out);
  }
  return out;
}
