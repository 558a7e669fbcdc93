// Checks a message text against its id: it must be valid ICU MessageFormat and use only the
// arguments the id offers (a supplied `{controler}` would print nothing useful). Pure.
import { MESSAGES, type MessageId } from './messages.ts';
import { compileMessage } from './words.ts';

// The parts of the parser's syntax tree this check reads: an argument's name (`value`), the
// branches of a plural or select (`options`), the content of a tag (`children`).
type Element = {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
};
const LITERAL = 0;
const POUND = 7;

function argumentsOf(elements: readonly Element[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type !== LITERAL && e.type !== POUND && typeof e.value === 'string') into.add(e.value);
    for (const option of Object.values(e.options ?? {})) argumentsOf(option.value, into);
    if (e.children) argumentsOf(e.children, into);
  }
  return into;
}

/** What is wrong with `source` as the text of `id` in `language`, or null when nothing is. */
export function messageProblem(id: MessageId, source: string, language: string): string | null {
  let used: Set<string>;
  try {
    used = argumentsOf(compileMessage(source, language).getAst() as unknown as Element[]);
  } catch (err) {
    return `is not valid ICU MessageFormat: ${(err as Error).message}`;
  }
  const offered: readonly string[] = MESSAGES[id];
  const unknown = [...used].filter((a) => !offered.includes(a));
  if (unknown.length === 0) return null;
  const may = offered.length > 0 ? `it may use ${offered.map((a) => `{${a}}`).join(', ')}` : 'it takes none';
  return `uses ${unknown.map((a) => `{${a}}`).join(', ')}, which message "${id}" does not offer: ${may}`;
}
