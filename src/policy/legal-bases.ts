// The GDPR's articles behind the policy's legal bases, as the notice and the register cite them.
import type { LegalBasis } from './schema.ts';

/** GDPR Art. 6(1)(a)-(f): the point of Art. 6(1) each legal basis of the policy rests on. */
export const ART6_LETTER: Readonly<Record<LegalBasis, string>> = {
  consent: 'a',
  contract: 'b',
  'legal-obligation': 'c',
  'vital-interest': 'd',
  'public-task': 'e',
  'legitimate-interest': 'f',
};
