// Text that YAML cut short. Inside `{ ... }` a comma ends a plain value, so
// `{ en: Offices, forms and contracts }` means `en: "Offices"` plus a key "forms and contracts"
// with no value: the notice, the register and the access report would all say "Offices". Valid
// YAML, so the parser cannot refuse it; this finds every such key so the loader can.
import { isMap, isScalar, isSeq, type Node } from 'yaml';

export type CutText = { path: (string | number)[]; offset: number; fragment: string; cutFrom?: string };

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

/** What the author sees: where the text was cut and how to keep it whole. */
export function cutTextMessage(c: CutText): string {
  const whole = c.cutFrom ? ` (the value of "${c.cutFrom}" stops before it)` : '';
  return `"${c.fragment}" has no value: a comma inside { } ends a text${whole}; put the whole text in quotes, e.g. ${c.cutFrom ?? 'key'}: "..., ${c.fragment}"`;
}
