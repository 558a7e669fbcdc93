// What `policy check` refuses about where rights are exercised and what a portable copy holds
// (RT-40): a channel taking a right the policy does not offer, a right the policy offers that no
// channel takes, a portable category that is neither the policy's nor one of Garde's records.
import { STORES } from '../rights/catalogue.ts';
import type { LintFinding } from './lint-finding.ts';
import { channelsTaking } from './rights-defaults.ts';
import type { Policy } from './schema.ts';

export function rightsFindings(p: Policy): LintFinding[] {
  return [...channelRights(p), ...unreachableRights(p), ...portableCategories(p)];
}

function channelRights(p: Policy): LintFinding[] {
  const supported: readonly string[] = p.rights.supported;
  return p.rights.channels.flatMap((c, i) =>
    (c.rights ?? []).flatMap((right, k): LintFinding[] =>
      supported.includes(right)
        ? []
        : [
            {
              path: ['rights', 'channels', i, 'rights', k],
              message: `channel "${c.id}" takes "${right}", which rights.supported does not offer`,
              rule: 'channel-right-unsupported',
            },
          ],
    ),
  );
}

/**
 * An error, not a warning: a right the notice offers that no channel takes would have every
 * request for it refused (RIGHT_NOT_ON_CHANNEL), so the policy would promise a right Garde never
 * lets anyone exercise. Only possible when every channel lists its rights.
 */
function unreachableRights(p: Policy): LintFinding[] {
  return p.rights.supported.flatMap((right, i): LintFinding[] =>
    channelsTaking(p.rights, right).length > 0
      ? []
      : [
          {
            path: ['rights', 'supported', i],
            message: `the right "${right}" is offered but no rights channel takes it: add it to a channel's rights, or leave it out of rights.supported`,
            rule: 'right-unreachable',
          },
        ],
  );
}

function portableCategories(p: Policy): LintFinding[] {
  const stated = p.rights.portability?.categories;
  if (!stated) return [];
  const records = [...new Set(STORES.flatMap((s) => (s.record && s.portable ? [s.record] : [])))];
  const known = new Set([...p.categories.map((c) => c.id), ...records]);
  const out: LintFinding[] = stated.flatMap((id, k): LintFinding[] =>
    known.has(id)
      ? []
      : [
          {
            path: ['rights', 'portability', 'categories', k],
            message: `unknown category "${id}": name a policy category or one of Garde's portable records (${records.join(', ')})`,
            rule: 'reference',
          },
        ],
  );
  if (!p.rights.supported.includes('portability'))
    out.push({
      path: ['rights', 'portability'],
      message:
        'rights.portability says what a portable copy holds, but rights.supported does not offer portability',
      rule: 'portability-unsupported',
    });
  return out;
}
