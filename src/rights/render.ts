// The access report as a readable, printable HTML page (print to PDF from any browser). Every
// value is escaped; large tables stay complete, because the right of access covers every datum.
import { escapeHtml } from '../platform/html.ts';
import type { MessageId } from '../words/messages.ts';
import type { Words } from '../words/words.ts';
import type { AccessReport } from './access.ts';

const esc = escapeHtml;

// The data stay exact in the JSON report; the page says them in the reader's words.
function cell(v: unknown, w: Words): string {
  if (typeof v === 'boolean') return esc(w.say(v ? 'report.yes' : 'report.no'));
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

/** A code of the policy (a legal basis, a clock, a right) as its label, e.g. legalBasis.consent. */
const label = (w: Words, kind: string, code: string) => w.say(`${kind}.${code}` as MessageId);

/** Art. 15(1)(f): the right to complain, to the authority the policy names, or to any. */
function complaint(c: AccessReport['rights']['complaint'], w: Words): string {
  if (!c) return esc(w.say('report.complainAnywhere'));
  // IN-25: reached by web, e-mail or post, whichever the policy states (at least one: lint).
  const where = [
    c.url ? `<a href="${esc(c.url)}">${esc(c.url)}</a>` : '',
    c.email ? `<a href="mailto:${esc(c.email)}">${esc(c.email)}</a>` : '',
    c.address ? esc(c.address) : '',
  ].filter(Boolean);
  const said = esc(w.say('report.complain', { authority: c.authority }));
  return where.length ? `${said} (${where.join(', ')}).` : `${said}.`;
}

/** How long a category is kept: a period stated in numbers, or in the notice's own words. */
function keptFor(x: AccessReport['categories'][number]['retention'][number], w: Words): string {
  const kept =
    x.duration && x.clock
      ? w.say(x.legalObligation ? 'report.keptForLegal' : 'report.keptFor', {
          duration: w.duration(x.duration),
          clock: x.since ?? label(w, 'clock', x.clock),
        })
      : (x.period ?? w.say('report.notStated'));
  if (!x.purposes?.length) return kept;
  return w.say('retention.forPurposes', { kept, purposes: w.list(x.purposes.map((p) => p.description)) });
}

/** Art. 15(1)(d): no rule states a period; only the person's own record lasts as the relationship. */
const noRule = (c: AccessReport['categories'][number], w: Words) =>
  w.say(c.retentionStated === 'relationship' ? 'report.relationship' : 'report.notStated');

/** The report as a page in `w`'s language (the report's own: wordsIn(policy, report.language)). */
export function renderAccessReport(r: AccessReport, w: Words): string {
  const say = w.say;
  const rights = r.rights;
  const mayAsk = {
    rights: w.list(rights.supported.map((x) => label(w, 'right', x))),
    channels: w.list(rights.channels),
    deadline: w.duration(rights.deadline),
  };
  const sections = r.categories.map(
    (c) => `<section>
<h2>${esc(c.description)} <small>(${esc(c.id)}, ${esc(say('report.records', { count: c.records }))})</small></h2>
<h3>${esc(say('report.why'))}</h3>
${c.purposes.length ? list(c.purposes.map((p) => `${esc(p.description)} <em>(${esc(label(w, 'legalBasis', p.legalBasis))})</em>`)) : `<p>${esc(say('report.recordsOnly'))}</p>`}
<h3>${esc(say('report.who'))}</h3>
${c.recipients.length ? list(c.recipients.map((x) => `${esc(x.name)} (${esc(x.kind)}${x.country ? `, ${esc(x.country)}` : ''})${x.fields ? esc(say('report.only', { fields: x.fields.join(', ') })) : ''}`)) : `<p>${esc(say('report.nobody'))}</p>`}
<h3>${esc(say('report.howLong'))}</h3>
${c.retention.length ? list(c.retention.map((x) => esc(keptFor(x, w)))) : `<p>${esc(noRule(c, w))}</p>`}
${c.sources.length ? `<h3>${esc(say('report.where'))}</h3>${list(c.sources.map(esc))}` : ''}
<h3>${esc(say('report.data'))}</h3>
${Object.entries(c.data)
  .map(([store, rows]) => `<h4>${esc(store)}</h4>${table(rows, w)}`)
  .join('\n')}
</section>`,
  );
  return `<!doctype html>
<html lang="${esc(w.language)}"><head><meta charset="utf-8"><title>${esc(say('report.title'))}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;font-size:12px}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}h2{border-top:2px solid #333;padding-top:1rem}
@media print{section{break-inside:avoid-page}}</style></head><body>
<h1>${esc(say('report.heldBy', { controller: r.controller.name }))}</h1>
<p>${esc(say('report.generated', { at: r.generatedAt, policy: `${r.policy.id} ${r.policy.version}`, controller: `${r.controller.name}, ${r.controller.address}, ${r.controller.privacyContact}` }))}</p>
${r.controller.dpo ? `<p>${esc(say('report.dpo', { contact: dpoLine(r.controller.dpo) }))}</p>\n` : ''}${sections.join('\n')}
<section><h2>${esc(say('report.profiling'))}</h2>
${r.profiling.length ? list(r.profiling.map((p) => `<strong>${esc(p.description)}</strong>: ${esc(p.logic)}`)) : `<p>${esc(say('report.noProfiling'))}</p>`}
<h3>${esc(say('report.interests'))}</h3>
${r.interests.length ? table(r.interests, w) : `<p>${esc(say('report.noInterests'))}</p>`}
</section>
<section><h2>${esc(say('report.rights'))}</h2>
<p>${esc(say('report.mayAskExtended', { ...mayAsk, extension: w.duration(rights.extension) }))}</p>
<p>${complaint(r.rights.complaint, w)}</p>
</section></body></html>
`;
}
