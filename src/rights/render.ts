// The access report as a readable, printable HTML page (print to PDF from any browser). Every
// value is escaped; large tables stay complete, because the right of access covers every datum.
import { escapeHtml } from '../platform/html.ts';
import type { AccessReport } from './access.ts';
import { REPORT_WORDS } from './words.ts';

const esc = escapeHtml;

type Words = (typeof REPORT_WORDS)[keyof typeof REPORT_WORDS];

// The data stay exact in the JSON report; the page says them in the reader's words.
function cell(v: unknown, w: Words): string {
  if (typeof v === 'boolean') return esc(v ? w.yes : w.no);
  // A structure (an interest's signals) in full: String() would print "[object Object]".
  if (typeof v === 'object' && v !== null) return esc(JSON.stringify(v));
  return esc(v === null ? '' : v);
}

function table(rows: readonly Record<string, unknown>[], w: Words): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const head = cols.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${cols.map((c) => `<td>${cell(r[c], w)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Whom to write to and how, in the order a reader needs: name, e-mail, postal address, page. */
const dpoLine = (d: NonNullable<AccessReport['controller']['dpo']>) =>
  [d.name, d.email, d.address, d.url].filter((x): x is string => Boolean(x)).join(', ');

const list = (items: readonly string[]) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;

/** Art. 15(1)(f): the right to complain, to the authority the policy names, or to any. */
function complaint(c: AccessReport['rights']['complaint'], w: Words): string {
  if (!c) return esc(w.complainAnywhere);
  const where = `<a href="${esc(c.url)}">${esc(c.url)}</a>${c.address ? `, ${esc(c.address)}` : ''}`;
  return `${esc(w.complain(c.authority))} (${where}).`;
}

export function renderAccessReport(r: AccessReport): string {
  const w = REPORT_WORDS[r.language];
  const sections = r.categories.map(
    (c) => `<section>
<h2>${esc(c.description)} <small>(${esc(c.id)}, ${esc(w.records(c.records))})</small></h2>
<h3>${esc(w.why)}</h3>
${c.purposes.length ? list(c.purposes.map((p) => `${esc(p.description)} <em>(${esc(p.legalBasis)})</em>`)) : `<p>${esc(w.recordsOnly)}</p>`}
<h3>${esc(w.who)}</h3>
${c.recipients.length ? list(c.recipients.map((x) => `${esc(x.name)} (${esc(x.kind)}, ${esc(x.country)})${x.fields ? esc(w.only(x.fields.join(', '))) : ''}`)) : `<p>${esc(w.nobody)}</p>`}
<h3>${esc(w.howLong)}</h3>
${c.retention.length ? list(c.retention.map((x) => esc(w.from(x.duration, x.clock, x.legalObligation)))) : `<p>${esc(w.relationship)}</p>`}
${c.sources.length ? `<h3>${esc(w.where)}</h3>${list(c.sources.map(esc))}` : ''}
<h3>${esc(w.data)}</h3>
${Object.entries(c.data)
  .map(([store, rows]) => `<h4>${esc(store)}</h4>${table(rows, w)}`)
  .join('\n')}
</section>`,
  );
  return `<!doctype html>
<html lang="${r.language}"><head><meta charset="utf-8"><title>${esc(w.title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;font-size:12px}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}h2{border-top:2px solid #333;padding-top:1rem}
@media print{section{break-inside:avoid-page}}</style></head><body>
<h1>${esc(w.heldBy(r.controller.name))}</h1>
<p>${esc(w.generated(r.generatedAt, `${r.policy.id} ${r.policy.version}`, `${r.controller.name}, ${r.controller.address}, ${r.controller.privacyContact}`))}</p>
${r.controller.dpo ? `<p>${esc(w.dpo(dpoLine(r.controller.dpo)))}</p>\n` : ''}${sections.join('\n')}
<section><h2>${esc(w.profiling)}</h2>
${r.profiling.length ? list(r.profiling.map((p) => `<strong>${esc(p.description)}</strong>: ${esc(p.logic)}`)) : `<p>${esc(w.noProfiling)}</p>`}
<h3>${esc(w.interests)}</h3>
${r.interests.length ? table(r.interests, w) : `<p>${esc(w.noInterests)}</p>`}
</section>
<section><h2>${esc(w.rights)}</h2>
<p>${esc(w.mayAsk(r.rights.supported.join(', '), r.rights.channels.join(', '), r.rights.deadline, r.rights.extension))}</p>
<p>${complaint(r.rights.complaint, w)}</p>
</section></body></html>
`;
}
