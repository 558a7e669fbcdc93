// The re-consent campaign's list (issue 17 item 4): the people whose consent for a purpose was
// given under an earlier policy that the current one widened, so it no longer counts
// (decide(): consent.outdated) until they give it again. Pseudonymous subject ids only.
import { compilePolicy, consentChannelsOf } from '../decide/compile.ts';
import type { OutdatedWindow } from '../decide/types.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Page, type PageRequest, paged } from '../platform/pagination.ts';
import type { Policy } from '../policy/schema.ts';
import {
  countOutdatedConsents,
  OUTDATED_CONSENTS,
  type OutdatedConsent,
  selectOutdatedConsents,
} from './store-outdated.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer'>;

/** Per consent purpose of the policy in force, the windows of records that no longer count. */
export function outdatedWindowsOf(policy: Policy): ReadonlyMap<string, readonly OutdatedWindow[]> {
  return compilePolicy(policy).outdatedConsents;
}

/** One page of the people with an outdated consent for `purpose` (a consent purpose of the policy). */
export async function outdatedConsents(
  d: Ctx,
  purpose: string,
  req: PageRequest,
): Promise<Page<OutdatedConsent>> {
  const p = d.policy.purposes.find((x) => x.id === purpose);
  // A list to read: a purpose that takes no consent is a wrong question (400), not a refused record.
  if (p?.legalBasis !== 'consent')
    throw new GardeError(
      'REQUEST_INVALID',
      `purpose: ${purpose} is no purpose of the policy resting on consent; only consent can be outdated`,
    );
  const windows = outdatedWindowsOf(d.policy).get(purpose) ?? [];
  return paged({ sealer: d.sealer, scope: purpose }, OUTDATED_CONSENTS, req, (after, limit) =>
    selectOutdatedConsents(d.db, purpose, windows, after, limit, consentChannelsOf(d.policy, purpose)),
  );
}

/**
 * For each consent purpose with outdated records, how many people hold one that answers under
 * `policy` (without it: any outdated record of the purpose, which may count a person whose
 * channel records all answer instead).
 */
export async function outdatedConsentCounts(
  d: Pick<Deps, 'db'> & { policy?: Policy },
  windows: ReadonlyMap<string, readonly OutdatedWindow[]>,
): Promise<{ purpose: string; people: number }[]> {
  const out: { purpose: string; people: number }[] = [];
  for (const [purpose, w] of windows) {
    const channels = d.policy ? consentChannelsOf(d.policy, purpose) : undefined;
    out.push({ purpose, people: await countOutdatedConsents(d.db, purpose, w, channels) });
  }
  return out;
}
