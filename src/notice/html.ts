// The notice as a full, accessible, printable HTML page: `lang`, one h1, landmarks (header, a
// table of contents, main, footer), tables with captions and header cells, and a print
// stylesheet for A4. No script at all; one inline stylesheet, which the API's CSP allows
// (helmet's style-src 'self' 'unsafe-inline'). Every value is escaped; e-mail addresses and web
// addresses in the text become links.
import { escapeHtml as esc } from '../platform/html.ts';
import type { Block, Cell, Notice, Section } from './notice.ts';

/** Where the page of another language is (the server's `/notice?lang=fr`); none, no links. */
export type HtmlOptions = { languageHref?: (language: string) => string };

/**
 * A web address (up to, not including, a space, <, > or " and trailing punctuation) or an
 * e-mail address in the policy's text: the parts both renderers turn into links.
 */
export const LINKABLE = /(https?:\/\/[^\s<>"]*[^\s<>".,;:)’»“”]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

/** Text, escaped, with its e-mail and web addresses as links. */
export function linked(text: string): string {
  return text
    .split(LINKABLE)
    .map((part, i) => {
      if (i % 2 === 0) return esc(part);
      const href = part.includes('@') && !part.startsWith('http') ? `mailto:${part}` : part;
      return `<a href="${esc(href)}">${esc(part)}</a>`;
    })
    .join('');
}

const cell = (c: Cell) =>
  typeof c === 'string' ? linked(c) : `<ul>${c.map((x) => `<li>${linked(x)}</li>`).join('')}</ul>`;

function block(b: Block, id: string): string {
  if (b.kind === 'paragraph') return `<p>${linked(b.text)}</p>`;
  if (b.kind === 'list') return `<ul>${b.items.map((x) => `<li>${linked(x)}</li>`).join('')}</ul>`;
  const head = b.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const rows = b.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${cell(c)}</th>` : `<td data-label="${esc(b.head[i])}">${cell(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  // A wide table scrolls where it cannot fit: the region is focusable so a keyboard can scroll
  // it. On a phone its rows reflow as cards, each value after its column's name (WCAG 1.4.10).
  return `<div class="table" role="region" aria-labelledby="${id}" tabindex="0"><table>
<caption id="${id}">${esc(b.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}

function section(s: Section, level: 2 | 3): string {
  const h = `h${level}`;
  const blocks = s.blocks.map((b, i) => block(b, `${s.id}-table-${i + 1}`)).join('\n');
  const subs = s.sections.map((x) => section(x, 3)).join('\n');
  return `<section id="${esc(s.id)}" aria-labelledby="${esc(s.id)}-h">
<${h} id="${esc(s.id)}-h">${esc(s.heading)}</${h}>
${blocks}
${subs}
</section>`;
}

/** A language by its own name ("français"), first letter capital. */
export function languageName(language: string): string {
  let name = language;
  try {
    name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  } catch {}
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}

function otherLanguages(n: Notice, href: HtmlOptions['languageHref']): string {
  const others = n.languages.filter((l) => l !== n.language);
  if (!href || others.length === 0) return '';
  const links = others
    .map(
      (l) =>
        `<li><a href="${esc(href(l))}" hreflang="${esc(l)}" lang="${esc(l)}">${esc(languageName(l))}</a></li>`,
    )
    .join('');
  return `<nav class="languages" aria-label="${esc(n.labels.otherLanguages)}"><ul>${links}</ul></nav>`;
}

const STYLE = `
:root{color-scheme:light;--ink:#1b1b1b;--muted:#4a4a4a;--line:#b8b8b8;--accent:#0b4f8a}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
header,main,footer,nav.contents{max-width:50rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:1.5rem;border-bottom:3px solid var(--accent)}
.controller{margin:0;font-weight:600;color:var(--muted)}
h1{font-size:1.9rem;line-height:1.2;margin:.3rem 0 .6rem}
h2{font-size:1.4rem;margin:2.2rem 0 .6rem;padding-top:.6rem;border-top:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.4rem 0 .4rem}
a{color:var(--accent);overflow-wrap:anywhere}
a:focus-visible,.table:focus-visible{outline:3px solid #c55a00;outline-offset:2px}
.version{color:var(--muted)}
.languages ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;padding:0;margin:.5rem 0 1rem}
.languages a,nav.contents a{display:inline-block;vertical-align:top;min-height:1.5rem;padding:.1rem 0}
nav.contents ol{padding-left:1.5rem}
nav.contents li{margin:.2rem 0}
.table{overflow-x:auto;margin:.8rem 0}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eef2f6}
tbody th{font-weight:600}
td ul,th ul{margin:0;padding-left:1.1rem}
footer{margin-top:2.5rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid var(--line);color:var(--muted)}
@media screen and (max-width:40rem){
 h1{font-size:1.55rem}
 .table table,.table tbody,.table tr,.table th,.table td{display:block;width:auto}
 .table caption{display:block}
 .table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
 .table tr{border:1px solid var(--line);margin:.6rem 0;padding:.4rem .6rem}
 .table th,.table td{border:0;padding:.15rem 0}
 .table td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
 .table td:empty{display:none}
}
@page{size:A4;margin:18mm 16mm}
@media print{
 body{font-size:10.5pt}
 header,main,footer,nav.contents{max-width:none;padding:0}
 .languages{display:none}
 a{color:inherit;text-decoration:none}
 .table{overflow:visible}
 h2,h3{break-after:avoid-page}
 tr,li{break-inside:avoid-page}
 thead{display:table-header-group}
}`;

/** The notice as one HTML page in its own language. */
export function renderNoticeHtml(n: Notice, options: HtmlOptions = {}): string {
  const toc = n.sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.heading)}</a></li>`).join('\n');
  return `<!doctype html>
<html lang="${esc(n.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(n.title)} — ${esc(n.controller)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="controller">${esc(n.controller)}</p>
<h1>${esc(n.title)}</h1>
<p class="version">${esc(n.versionLine)}</p>
${otherLanguages(n, options.languageHref)}
</header>
<nav class="contents" aria-labelledby="contents-h">
<h2 id="contents-h">${esc(n.labels.contents)}</h2>
<ol>
${toc}
</ol>
</nav>
<main>
${n.sections.map((s) => section(s, 2)).join('\n')}
</main>
<footer>
<p>${esc(n.versionLine)}</p>
</footer>
</body>
</html>
`;
}
