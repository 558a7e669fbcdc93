// The access report as a readable, printable HTML page (print to PDF from any browser). Every
// value is escaped; large tables stay complete, because the right of access covers every datum.
import type { AccessReport } from './access.ts';

const esc = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function table(rows: readonly Record<string, unknown>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const head = cols.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${cols.map((c) => `<td>${esc(r[c] === null ? '' : r[c])}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const list = (items: readonly string[]) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;

export function renderAccessReport(r: AccessReport): string {
  const sections = r.categories.map(
    (c) => `<section>
<h2>${esc(c.description)} <small>(${esc(c.id)}, ${c.records} record${c.records === 1 ? '' : 's'})</small></h2>
<h3>Why we use it</h3>
${c.purposes.length ? list(c.purposes.map((p) => `${esc(p.description)} <em>(${esc(p.legalBasis)})</em>`)) : '<p>Kept for our records only.</p>'}
<h3>Who receives it</h3>
${c.recipients.length ? list(c.recipients.map((x) => `${esc(x.name)} (${esc(x.kind)}, ${esc(x.country)})${x.fields ? `: only ${esc(x.fields.join(', '))}` : ''}`)) : '<p>Nobody outside the controller.</p>'}
<h3>How long we keep it</h3>
${c.retention.length ? list(c.retention.map((x) => `${esc(x.duration)} from ${esc(x.clock)}${x.legalObligation ? ' (legal obligation)' : ''}`)) : '<p>As long as the relationship lasts.</p>'}
${c.sources.length ? `<h3>Where it comes from</h3>${list(c.sources.map(esc))}` : ''}
<h3>The data</h3>
${Object.entries(c.data)
  .map(([store, rows]) => `<h4>${esc(store)}</h4>${table(rows)}`)
  .join('\n')}
</section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your personal data</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;font-size:12px}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}h2{border-top:2px solid #333;padding-top:1rem}
@media print{section{break-inside:avoid-page}}</style></head><body>
<h1>Your personal data held by ${esc(r.controller.name)}</h1>
<p>Report generated ${esc(r.generatedAt)} under policy ${esc(r.policy.id)} ${esc(r.policy.version)}. Controller: ${esc(r.controller.name)}, ${esc(r.controller.address)}, ${esc(r.controller.privacyContact)}.</p>
${sections.join('\n')}
<section><h2>Profiling</h2>
${r.profiling.length ? list(r.profiling.map((p) => `<strong>${esc(p.description)}</strong>: ${esc(p.logic)}`)) : '<p>No profiling.</p>'}
<h3>Interests inferred about you</h3>
${r.interests.length ? table(r.interests) : '<p>None are stored.</p>'}
</section>
<section><h2>Your rights</h2>
<p>You may ask for: ${esc(r.rights.supported.join(', '))}, through ${esc(r.rights.channels.join(', '))}. We answer within ${esc(r.rights.deadline)}${r.rights.extension ? `, or tell you why we need ${esc(r.rights.extension)} more` : ''}.</p>
<p>You may complain to ${esc(r.rights.complaint.authority)} (<a href="${esc(r.rights.complaint.url)}">${esc(r.rights.complaint.url)}</a>${r.rights.complaint.address ? `, ${esc(r.rights.complaint.address)}` : ''}).</p>
</section></body></html>
`;
}
