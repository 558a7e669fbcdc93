// The notice as Markdown (CommonMark with GitHub tables), for a controller's own site or
// repository: the same document as the page, laid out as text. Characters Markdown would read as
// markup are escaped, so a policy's text stays text: no raw HTML, no emphasis, no list, no link
// it did not mean (issue 17, E18).
import { LINKABLE, languageName } from './html.ts';
import type { Block, Cell, Notice, Section } from './notice.ts';

// Every character CommonMark or GitHub's tables read as markup inside a line, and an `&` that
// would begin an entity (`&lt;` would show as `<`). A backslash before ASCII punctuation escapes it.
const SPECIAL = /[\\`*_[\]<>|#~]|&(?=#?\w+;)/g;
// What would start a block at the beginning of a line: a list item, a setext underline, a fence.
const LEADING = /^(\s*)([-+=]|\d{1,9}(?=[.)]))/;

/**
 * An address as a CommonMark autolink (`<https://…>`, `<name@host>`): nothing inside one is
 * markup. The few characters it may not hold, or that a table would split on, are percent-encoded.
 */
const autolink = (address: string) =>
  `<${address.replace(/[\\`|]|[^ -\uffff]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}>`;

/** Text with Markdown's markup escaped; its e-mail and web addresses as autolinks. */
export function mdText(text: string): string {
  const md = text
    .replace(/\s*\n\s*/g, ' ')
    .split(LINKABLE)
    .map((part, i) => (i % 2 === 1 ? autolink(part) : part.replace(SPECIAL, (c) => `\\${c}`)))
    .join('');
  // A numbered item's marker is its `.` or `)`, escaped after the digits; others are escaped whole.
  return md.replace(LEADING, (_, space: string, lead: string) =>
    /\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`,
  );
}

const cell = (c: Cell) => (typeof c === 'string' ? mdText(c) : c.map(mdText).join('<br>'));

function block(b: Block): string {
  if (b.kind === 'paragraph') return mdText(b.text);
  if (b.kind === 'list') return b.items.map((x) => `- ${mdText(x)}`).join('\n');
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `**${mdText(b.caption)}**`,
    '',
    row(b.head.map(mdText)),
    row(b.head.map(() => '---')),
    ...b.rows.map((r) => row(r.map(cell))),
  ].join('\n');
}

function section(s: Section, level: number): string {
  return [
    `${'#'.repeat(level)} ${mdText(s.heading)}`,
    ...s.blocks.map(block),
    ...s.sections.map((x) => section(x, level + 1)),
  ].join('\n\n');
}

/** The notice as one Markdown document; `languageHref` links its other languages. */
export function renderNoticeMarkdown(n: Notice, languageHref?: (language: string) => string): string {
  const others = n.languages.filter((l) => l !== n.language);
  const languages =
    languageHref && others.length
      ? [
          `${mdText(n.labels.otherLanguages)}: ${others.map((l) => `[${mdText(languageName(l))}](${languageHref(l)})`).join(', ')}`,
        ]
      : [];
  return `${[
    `# ${mdText(n.title)}`,
    `*${mdText(n.versionLine)}*`,
    ...languages,
    ...n.sections.map((s) => section(s, 2)),
  ].join('\n\n')}\n`;
}
