// The notice as Markdown (CommonMark with GitHub tables), for a controller's own site or
// repository: the same document as the page, laid out as text. Characters Markdown would read as
// markup are escaped, so a policy's text stays text.
import { languageName } from './html.ts';
import type { Block, Cell, Notice, Section } from './notice.ts';

const SPECIAL = /[\\`*_[\]<>|#]/g;

/** Text with Markdown's markup characters escaped; e-mail and web addresses stay autolinkable. */
export const mdText = (text: string) =>
  text
    .split(/(https?:\/\/\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(SPECIAL, (c) => `\\${c}`)))
    .join('')
    .replace(/\s*\n\s*/g, ' ');

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
