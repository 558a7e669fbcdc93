// Text that YAML cut short. Inside `{ ... }` a comma ends a plain value, so
// `{ en: Offices, forms and contracts }` means `en: "Offices"` plus a key "forms and contracts"
// with no value: the notice, the register and the access report would all say "Offices". Valid
// YAML, so the parser cannot refuse it; this finds every such key so the loader can. The same
// holds for " #", which starts a comment: `en: Our sites #1 and #2` means "Our sites".
import { isMap, isScalar, isSeq, type Node, Scalar } from 'yaml';

export type CutText = {
  path: (string | number)[];
  offset: number;
  fragment: string;
  cutFrom?: string;
  /** What cut it: a comma inside { } (the default) or a " #" that started a comment. */
  by?: 'comment';
};

/** Every key without a value inside a flow mapping, with the key whose text it was cut from. */
export function findCutText(root: Node | null, path: (string | number)[] = []): CutText[] {
  if (isSeq(root)) return root.items.flatMap((item, i) => findCutText(item as Node | null, [...path, i]));
  if (!isMap(root)) return [];
  const out: CutText[] = [];
  let previous: string | undefined;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    if (root.flow && pair.value === null) {
      out.push({
        path: [...path, key],
        offset: isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0,
        fragment: key,
        cutFrom: previous,
      });
      continue;
    }
    previous = key;
    out.push(...findCutText(pair.value as Node | null, [...path, key]));
  }
  return out;
}

/**
 * Every unquoted text (a value with a space in it) that a comment follows on its line: the
 * author most likely wrote " #" as part of the text. A one-word value (`P10Y  # ten years`)
 * may carry a comment; a sentence must be quoted to contain " #", or the comment moved to its
 * own line.
 */
export function findCommentCuts(
  root: Node | null,
  source: string,
  path: (string | number)[] = [],
): CutText[] {
  if (isSeq(root))
    return root.items.flatMap((item, i) => findCommentCuts(item as Node | null, source, [...path, i]));
  if (isMap(root))
    return root.items.flatMap((pair) =>
      isScalar(pair.key)
        ? findCommentCuts(pair.value as Node | null, source, [...path, String(pair.key.value)])
        : [],
    );
  if (!isScalar(root) || root.type !== Scalar.PLAIN || typeof root.value !== 'string') return [];
  const end = root.range?.[1] ?? 0;
  const comment = /^[ \t]+#([^\n]*)/.exec(source.slice(end));
  if (!comment || !/\s/.test(root.value)) return [];
  return [{ path, offset: end, fragment: `#${comment[1]}`, cutFrom: root.value, by: 'comment' }];
}

/** What the author sees: where the text was cut and how to keep it whole. */
export function cutTextMessage(c: CutText): string {
  if (c.by === 'comment')
    return `the text "${c.cutFrom}" stops before "${c.fragment.trim()}": in YAML " #" starts a comment; put the whole text in quotes, or the comment on a line of its own`;
  const whole = c.cutFrom ? ` (the value of "${c.cutFrom}" stops before it)` : '';
  return `"${c.fragment}" has no value: a comma inside { } ends a text${whole}; put the whole text in quotes, e.g. ${c.cutFrom ?? 'key'}: "..., ${c.fragment}"`;
}
