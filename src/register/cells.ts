// How a register cell is written: its parts joined, or the localized words for "nothing" when
// there are none. A cell is never blank (Art. 30: every column is answered). Pure.
import type { MessageId } from '../words/messages.ts';
import type { Words } from '../words/words.ts';

/** "a; b; c", or the localized `empty` ("not stated" unless said otherwise). */
export const cellOf = (
  w: Pick<Words, 'say'>,
  parts: readonly string[],
  empty: MessageId = 'register.notStated',
) => (parts.length > 0 ? parts.join('; ') : w.say(empty));

/** A country by its name in the register's language (BE -> "Belgium"), never its code. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language, 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
