// EN-13: a right that means the contract cannot continue is said so, in the person's words,
// before it is acted on: on the privacy page before the request is recorded (requests.ts), and
// to the DPO before an erasure is carried out (fulfil.ts). Pure.
import type { Policy } from '../policy/schema.ts';
import type { Words } from '../words/words.ts';
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
