// EN-13: a right the person uses may mean the contract cannot continue (erasure; a restriction
// of all processing; an objection to all legitimate-interest processing). The person is told
// first, in their words, and the change waits for their confirmation wherever it is made: a
// request asked for on the privacy page (requests.ts), the objection and restriction routes the
// page calls, and a fulfilled request (fulfil.ts).

import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import type { Policy } from '../policy/schema.ts';
import type { Subject } from '../subjects/model.ts';
import { getSubject } from '../subjects/subjects.ts';
import { type Asked, languageForPerson, type Words, wordsIn } from '../words/words.ts';
import type { RightKind } from './model.ts';

/** EN-13: what the person is told, in `words`' language, when a right means the contract cannot continue. */
export function contractImpact(
  d: { policy: Pick<Policy, 'rights'> },
  lifecycle: string,
  kind: RightKind,
  details: Record<string, unknown>,
  words: Pick<Words, 'say'>,
): string | null {
  if (d.policy.rights.warnContractImpact === false || lifecycle !== 'customer') return null;
  const everything = details.purpose === undefined;
  if (kind === 'erasure') return words.say('rights.erasureEndsContract');
  if (kind === 'restriction' && everything) return words.say('rights.restrictionEndsContract');
  if (kind === 'objection' && details.objection === 'legitimate-interest' && everything)
    return words.say('rights.objectionMayEndContract');
  return null;
}

/**
 * Refuses (409 CONTRACT_IMPACT_UNCONFIRMED, with `contractImpact` in the person's language) a
 * right or change that would end `subject`'s contract, unless confirmed. The one place both a
 * self-service request (requests.ts) and an objection or restriction (the consent routes) ask.
 */
export function refuseUnconfirmedImpact(
  d: { policy: Policy },
  subject: Pick<Subject, 'lifecycle' | 'identity'>,
  kind: RightKind,
  details: Record<string, unknown>,
  asked: Asked,
): void {
  const words = wordsIn(d.policy, languageForPerson(d.policy, asked, subject.identity.language));
  const impact = contractImpact(d, subject.lifecycle, kind, details, words);
  if (impact)
    throw new GardeError('CONTRACT_IMPACT_UNCONFIRMED', impact, {
      contractImpact: impact,
      language: words.language,
    });
}

/**
 * An objection raised or a restriction imposed that would end a customer's contract waits for
 * confirmation (refuseUnconfirmedImpact). A lift never ends one, so it is never held up.
 */
export async function confirmContractImpact(
  d: Pick<Deps, 'db' | 'policy'>,
  subjectId: string,
  change: { kind: 'objection' | 'restriction'; objection?: string; purpose?: string | undefined },
  confirmed: boolean | undefined,
  asked: Asked,
): Promise<void> {
  if (confirmed) return;
  const details = { objection: change.objection, ...(change.purpose ? { purpose: change.purpose } : {}) };
  refuseUnconfirmedImpact(d, await getSubject(d, subjectId), change.kind, details, asked);
}
