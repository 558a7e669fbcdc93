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
  /**
   * What changed it: a comma inside { } (the default), a " #" that started a comment, YAML
   * markup (an anchor or a tag) at its start, or a character no notice means to print.
   */
  by?: 'comment' | 'markup' | 'invisible';
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

// The policy keys whose values are texts people read (Text and Localized in schema.ts), each
// either plain or a map of two-letter language codes to text.
const TEXT_KEYS = new Set([
  'name',
  'address',
  'description',
  'title',
  'statement',
  'safeguard',
  'version',
  // The GDPR detail of schema-detail.ts.
  'interest',
  'balancingTest',
  'authorisedBy',
  'ifNotProvided',
  'logic',
  'significance',
  'incentive',
  'necessity',
  'parentalConsent',
  'essence',
  'contactPoint',
  'copy',
]);
const isTextPath = (path: readonly (string | number)[]) => {
  const [last, parent] = [path.at(-1), path.at(-2)];
  return TEXT_KEYS.has(String(last)) || (/^[a-z]{2}$/.test(String(last)) && TEXT_KEYS.has(String(parent)));
};
// Characters no notice means to print: controls (a carriage return makes a terminal print the
// rest over the start), the bidirectional controls that make a text display other than it reads
// (Unicode TR36, "Trojan Source"), and invisible spaces and joiners that make two texts look alike.
// Tab and line feed are layout (YAML turns every line break into a line feed).
const INVISIBLE = /(?![\t\n])[\p{Cc}\p{Bidi_Control}\u200b\u2060\ufeff]/u;

/**
 * Every unquoted text YAML read other than as written:
 * - a comment follows it on its line (" #" starts one), or on the next lines indented as its
 *   continuation: for a text anywhere, for any other value with a space in it (a one-word value,
 *   `P10Y  # ten years`, may carry a comment);
 * - an anchor (`&Co ...`) or a tag (`!Important ...`) starts it: YAML takes the word as markup.
 * And any text holding a control or bidirectional-override character, quoted or not.
 */
export function findCommentCuts(
  root: Node | null,
  source: string,
  path: (string | number)[] = [],
  column = 0,
): CutText[] {
  if (isSeq(root))
    return root.items.flatMap((item, i) =>
      findCommentCuts(
        item as Node | null,
        source,
        [...path, i],
        columnOf(source, (item as Node)?.range?.[0]),
      ),
    );
  if (isMap(root))
    return root.items.flatMap((pair) =>
      isScalar(pair.key)
        ? findCommentCuts(
            pair.value as Node | null,
            source,
            [...path, String(pair.key.value)],
            columnOf(source, pair.key.range?.[0]),
          )
        : [],
    );
  if (!isScalar(root) || typeof root.value !== 'string') return [];
  const [start = 0, end = 0] = root.range ?? [];
  const text = isTextPath(path);
  const invisible = INVISIBLE.exec(root.value);
  if (invisible) {
    const code = `U+${(invisible[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return [{ path, offset: start, fragment: code, cutFrom: root.value, by: 'invisible' }];
  }
  if (root.type !== Scalar.PLAIN) return [];
  if (text && (root.anchor || root.tag))
    return [
      {
        path,
        offset: start,
        fragment: root.anchor ? `&${root.anchor}` : String(root.tag),
        cutFrom: root.value,
        by: 'markup',
      },
    ];
  const comment = commentAfter(source, end, column);
  if (!comment || !(text || /\s/.test(root.value))) return [];
  return [{ path, offset: end, fragment: comment, cutFrom: root.value, by: 'comment' }];
}

/** Where an offset stands on its line (a key's column: what its value's continuation must pass). */
function columnOf(source: string, offset = 0): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * The comment that follows a value on its line, or on the next lines indented deeper than its
 * key (YAML would have read text there as the value's continuation). Line ends LF or CRLF.
 */
function commentAfter(source: string, end: number, indent: number): string | null {
  const [first = '', ...next] = source
    .slice(end)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  const same = /^[ \t]+(#.*)$/.exec(first);
  if (same) return same[1] as string;
  for (const line of next) {
    if (line.trim() === '') continue;
    const c = /^([ \t]*)(#.*)$/.exec(line);
    return c && (c[1] as string).length > indent ? (c[2] as string) : null;
  }
  return null;
}

/** What the author sees: where the text was cut and how to keep it whole. */
export function cutTextMessage(c: CutText): string {
  if (c.by === 'comment')
    return `the text "${c.cutFrom}" stops before "${c.fragment.trim()}": in YAML " #" starts a comment; put the whole text in quotes, or the comment on a line of its own`;
  if (c.by === 'markup')
    return `the text "${c.cutFrom}" loses its first word "${c.fragment}": YAML reads a leading & or ! as markup; put the whole text in quotes`;
  if (c.by === 'invisible')
    return `the text holds ${c.fragment}, a control or direction-override character that makes it print or display other than it reads; remove it`;
  const whole = c.cutFrom ? ` (the value of "${c.cutFrom}" stops before it)` : '';
  return `"${c.fragment}" has no value: a comma inside { } ends a text${whole}; put the whole text in quotes, e.g. ${c.cutFrom ?? 'key'}: "..., ${c.fragment}"`;
}
