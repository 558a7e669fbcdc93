// A retention clock in a person's words: Garde's own clocks have messages of their own
// (clock.contract-end, ...); one the policy names (retentionEvents) is said with the event's own
// description, in the language of `words`.
import type { Policy } from '../policy/schema.ts';
import type { MessageId } from '../words/messages.ts';
import type { Words } from '../words/words.ts';

export function clockWords(policy: Policy, clock: string, words: Pick<Words, 'say' | 'text'>): string {
  const event = (policy.retentionEvents ?? []).find((e) => e.id === clock);
  return event ? words.text(event.description) : words.say(`clock.${clock}` as MessageId);
}
