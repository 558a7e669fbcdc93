// Which consents the policy's changes outdated (issue 17 item 4), worked out from the policies
// recorded as in force (migration 053). Pure. The rule: a `given` record counts under the
// current policy when the policy in force at the time it was made differs from the current one
// in nothing that renews its purpose (src/policy/diff.ts). So a widened purpose outdates what
// was given before the change; going back to the older policy makes those records count again
// (the person agreed to that one), and a record made under the wider policy still counts under
// a narrower one. Records made before any policy was recorded are taken as made under the first.
import type { OutdatedWindow } from '../decide/types.ts';
import { digestOf } from '../platform/crypto.ts';
import { type Change, policyChanges, purposesToRenew } from '../policy/diff.ts';
import type { Policy } from '../policy/schema.ts';

export type RecordedPolicy = {
  id: number;
  policyId: string;
  version: string;
  contentHash: string;
  content: Policy;
  inForceFrom: Date;
};

/**
 * The identity of a policy's content: SHA-256 of its canonical JSON (keys sorted), so a
 * reordered key or a reformatted file is the same policy and any other edit is another.
 */
export function contentHash(policy: Policy): string {
  return digestOf(policy);
}

/**
 * Per consent purpose of `current`, the spans of time whose `given` records are outdated.
 * `history`: the recorded policies, oldest first. When the current policy is not the last one
 * recorded (a command run on a newer file than the server's), it is taken as in force from
 * `now`, so what was given until now under the recorded one is judged against it.
 */
export function outdatedWindows(
  history: readonly RecordedPolicy[],
  current: Policy,
  currentHash: string,
  now: Date,
): Map<string, OutdatedWindow[]> {
  const out = new Map<string, OutdatedWindow[]>();
  const renewBy = new Map<string, string[]>();
  history.forEach((h, i) => {
    if (h.contentHash === currentHash) return;
    const next = history[i + 1];
    const to = next ? next.inForceFrom.getTime() : now.getTime();
    const from = i === 0 ? null : h.inForceFrom.getTime();
    let renew = renewBy.get(h.contentHash);
    if (!renew) {
      renew = purposesToRenew(policyChanges(h.content, current));
      renewBy.set(h.contentHash, renew);
    }
    for (const purpose of renew) add(out, purpose, { from, to });
  });
  return out;
}

/** Adds a window, joined to the previous one when they touch (they come in time order). */
function add(out: Map<string, OutdatedWindow[]>, purpose: string, w: OutdatedWindow): void {
  const list = out.get(purpose) ?? [];
  const last = list[list.length - 1];
  if (last && last.to === w.from) last.to = w.to;
  else list.push({ ...w });
  out.set(purpose, list);
}

/**
 * What a process starting on `policy` may do with the recorded history (issue 17), pure:
 * - `same`: it is the policy in force (the last recorded): nothing to record;
 * - `record`: a policy never in force, or a deliberate rollback (`allowRollback`): recorded as
 *   in force from now, `changes` from the last one; `versionReused`: its version string was
 *   recorded before with other content that differs in nothing material (a warning);
 * - `rollback`: its content was in force before another policy (a process of an older release
 *   restarting mid-deploy): refused unless `allowRollback`, as consents given under the newer
 *   policy would be judged by the older one;
 * - `version-reused`: its version string was recorded before with content that differs
 *   materially: refused, as consents name a notice by its version (Art. 7(1): the proof must
 *   show what the person was told).
 */
export type StartVerdict =
  | { kind: 'same' }
  | {
      kind: 'record';
      last: RecordedPolicy | undefined;
      changes: Change[];
      versionReused: boolean;
      rollback: boolean;
    }
  | { kind: 'rollback'; last: RecordedPolicy; before: RecordedPolicy }
  | { kind: 'version-reused'; earlier: RecordedPolicy; material: string[] };

export function judgeStart(
  history: readonly RecordedPolicy[],
  policy: Policy,
  hash: string,
  allowRollback: boolean,
): StartVerdict {
  const last = history[history.length - 1];
  if (last?.contentHash === hash) return { kind: 'same' };
  const changes = last ? policyChanges(last.content, policy) : [];
  const before = [...history].reverse().find((h) => h.contentHash === hash);
  // Forward again after a deliberate rollback: the policy the rollback replaced comes back.
  const previous = history[history.length - 2];
  const headWasRollback =
    last !== undefined && history.slice(0, -1).some((h) => h.contentHash === last.contentHash);
  if (before && last && headWasRollback && previous?.contentHash === hash)
    return { kind: 'record', last, changes, versionReused: false, rollback: false };
  if (before && last) {
    if (!allowRollback) return { kind: 'rollback', last, before };
    return { kind: 'record', last, changes, versionReused: false, rollback: true };
  }
  const sameVersion = history.filter((h) => h.version === policy.policy.version);
  // A version another has since replaced, reused for edited content, is a rollback too.
  const superseded = sameVersion[sameVersion.length - 1];
  if (superseded && last && last.version !== policy.policy.version) {
    if (!allowRollback) return { kind: 'rollback', last, before: superseded };
    return { kind: 'record', last, changes, versionReused: true, rollback: true };
  }
  for (const earlier of [...sameVersion].reverse()) {
    const material = policyChanges(earlier.content, policy).filter((c) => c.material);
    if (material.length > 0)
      return { kind: 'version-reused', earlier, material: [...new Set(material.map((c) => c.kind))] };
  }
  return { kind: 'record', last, changes, versionReused: sameVersion.length > 0, rollback: false };
}
