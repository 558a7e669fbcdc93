// The documentation of every problem type (RFC 9457 §3.1.1: a `type` URI that can be followed
// should lead to human-readable documentation): the catalogue of src/platform/errors.ts as JSON,
// as HTML pages for a browser that follows a `type`, and as docs/problems.md. All three are
// rendered from the catalogue, so none can say something the code does not.

import { ERRORS, type ErrorCode, PROBLEM_TYPE_BASE, problemSlug } from '../platform/errors.ts';
import { escapeHtml } from '../platform/html.ts';

/** One problem type as documented: its `type` URI, stable code, HTTP status, title, cause and fix. */
export type ProblemType = {
  type: string;
  code: ErrorCode;
  status: number;
  title: string;
  cause: string;
  fix: string;
};

/** Where each Garde serves the documentation of a type: `/problems/<slug>`. */
export const PROBLEMS_PATH = '/problems';

/** Every problem type, by status then code, as the documentation lists them. */
export const PROBLEM_TYPES: readonly ProblemType[] = (Object.keys(ERRORS) as ErrorCode[])
  .map((code) => ({ type: `${PROBLEM_TYPE_BASE}${problemSlug(code)}`, code, ...ERRORS[code] }))
  // Code points, not the locale's collation: the published file must not depend on the machine.
  .sort((a, b) => a.status - b.status || (a.code < b.code ? -1 : 1));

const BY_SLUG = new Map(PROBLEM_TYPES.map((p) => [problemSlug(p.code), p]));

/** The type whose slug (the last segment of its URI) this is, if any. */
export const problemTypeOf = (slug: string): ProblemType | undefined => BY_SLUG.get(slug);

/** docs/problems.md: a table of every type, then one section each, headed by its slug (its anchor). */
export function problemsMarkdown(): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const rows = PROBLEM_TYPES.map(
    (p) => `| [\`${p.code}\`](#${problemSlug(p.code)}) | ${p.status} | ${cell(p.title)} |`,
  );
  const sections = PROBLEM_TYPES.map((p) => {
    const slug = problemSlug(p.code);
    return [
      `## ${slug}`,
      '',
      `\`${p.code}\`, status ${p.status}: ${p.title}.`,
      '',
      `- Type: \`${p.type}\`, served at \`${PROBLEMS_PATH}/${slug}\``,
      `- Cause: ${p.cause}`,
      `- Fix: ${p.fix}`,
    ].join('\n');
  });
  return `# Problem types

<!-- Generated from src/platform/errors.ts by \`npm run docs:problems\`: edit the catalogue, not this file. -->

Every error Garde answers is RFC 9457 \`application/problem+json\` with a stable \`code\`. Its
\`type\` is \`${PROBLEM_TYPE_BASE}<slug>\`, an identifier that stays whatever host serves Garde:
switch on it or on \`code\`. Each Garde serves the documentation below at \`${PROBLEMS_PATH}/<slug>\`
(JSON, or HTML to a browser), and lists it at \`${PROBLEMS_PATH}\`. \`instance\` is the path of the
request that failed, without its query string. See [the API guide](api.md#errors).

| code | status | title |
| --- | --- | --- |
${rows.join('\n')}

${sections.join('\n\n')}
`;
}

const esc = escapeHtml;

/** Escaped text, its `code spans` as <code>. */
const prose = (s: string): string => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

function definition(p: ProblemType): string {
  return `<dl>
<dt>Code</dt><dd><code>${esc(p.code)}</code>, HTTP status ${p.status}</dd>
<dt>Type</dt><dd><code>${esc(p.type)}</code></dd>
<dt>Cause</dt><dd>${prose(p.cause)}</dd>
<dt>Fix</dt><dd>${prose(p.fix)}</dd>
</dl>`;
}

// The catalogue is in English, as the API's own words are: it speaks to developers and operators.
const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><main>
${body}
</main></body></html>
`;

/** The HTML page of one type. Links are relative, so they hold behind a proxy's path prefix. */
export function problemTypePage(p: ProblemType): string {
  return page(
    `${p.code}: ${p.title}`,
    `<h1>${esc(p.title)}</h1>
${definition(p)}
<p><a href="../problems">Every problem type</a></p>`,
  );
}

/** The HTML page of every type, each in a section whose id is its slug. */
export function problemTypesPage(): string {
  const sections = PROBLEM_TYPES.map((p) => {
    const slug = problemSlug(p.code);
    return `<section id="${slug}">
<h2><a href="problems/${slug}">${esc(p.title)}</a></h2>
${definition(p)}
</section>`;
  });
  return page('Garde problem types', `<h1>Problem types</h1>\n${sections.join('\n')}`);
}
