// The policy in force for the DPO (issue 15): its purposes, retention rules, channels, message
// classes, senders, recipients and consent interfaces by name (GET /v1/policy); its lint results
// (GET /v1/policy/lint); each clause it cites traced to the modules and tests that enforce it
// (GET /v1/policy/traceability, read from docs/compliance-matrix.md as it is now).
import { useEffect, useState } from 'react';
import { garde } from '../../api.ts';
import { categoryName, gardeWord } from '../../garde-words.ts';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import { sayIn } from '../../words.ts';
import { type Answer, usePolicy } from './dpo-api.ts';
import { POLICY_WORDS } from './policy-words.ts';

type Lint = Answer<'/v1/policy/lint'>;
type Trace = Answer<'/v1/policy/traceability'>['items'][number];
type Say = ReturnType<typeof sayIn<(typeof POLICY_WORDS)['en']>>;

/** The lint's English phrases of what a notice leaves unsaid (src/policy/summary-articles.ts), and their words here. */
const NOT_STATED = {
  'the legitimate interest pursued': 'ns.legitimate-interest',
  'the logic, significance and consequences of automated decisions': 'ns.automated',
  'the essence of the joint-controller arrangement': 'ns.joint',
  'how long these categories are kept': 'ns.categories-kept',
  'where these recipients are established': 'ns.established',
  'how long these purposes keep these categories': 'ns.purposes-keep',
  'a transfer safeguard Garde can check (free text only)': 'ns.safeguard',
} as const;

/**
 * One line of what the notice leaves unsaid, in the console's language: `<phrase> (<article>): <ids>`
 * as the API gives it, its phrase in words; a line of a phrase it does not know stays as it is
 * (English, marked so).
 */
function notStatedLine(
  say: Say,
  line: string,
  names: (id: string) => string,
): { text: string; lang?: string } {
  const m = /^(.*?)(?: \((Art\. .*)\))?: (.*)$/.exec(line);
  const key = m ? NOT_STATED[m[1] as keyof typeof NOT_STATED] : undefined;
  if (!m || !key) return { text: line, lang: 'en' };
  // Categories are named as the policy names them; other ids (purposes, recipients) stay ids.
  const ids = key === 'ns.categories-kept' ? (m[3] ?? '').split(', ').map(names).join(', ') : m[3];
  return { text: `${say(key)}${m[2] ? ` (${m[2]})` : ''}: ${ids}` };
}

/** The words of `key` when this screen has them, else the policy's own id (a later value shows as it is). */
function wordOr(say: Say, key: string, id: string): string {
  return key in POLICY_WORDS.en ? say(key as keyof (typeof POLICY_WORDS)['en']) : id;
}

/**
 * Issue 17: the documents the policy publishes, each generated from the policy in force: the
 * notice in every language it declares, the Art. 30 register (the console's session cookie
 * authorises the DPO's download) and the DPV notice.
 */
function Published({
  say,
  languages,
  language,
}: {
  say: Say;
  languages: readonly string[];
  language: string;
}) {
  const names = new Intl.DisplayNames([language], { type: 'language' });
  const registerLanguage = languages.includes(language) ? language : (languages[0] ?? language);
  const register = (format: string) =>
    `/v1/register?format=${format}&language=${encodeURIComponent(registerLanguage)}`;
  return (
    <section aria-labelledby="policy-published" className="panel">
      <h2 id="policy-published">{say('published')}</h2>
      <p>{say('publishedIntro')}</p>
      <ul>
        <li>
          {say('notice')}:{' '}
          {languages.map((l, i) => (
            <span key={l}>
              {i > 0 && ', '}
              <a href={`/notice?lang=${encodeURIComponent(l)}`} hrefLang={l}>
                {names.of(l) ?? l}
              </a>
            </span>
          ))}
        </li>
        <li>
          {say('register')}: <a href={register('html')}>{say('page')}</a>,{' '}
          <a href={register('xlsx')} download>
            XLSX
          </a>
          ,{' '}
          <a href={register('csv')} download>
            CSV
          </a>
        </li>
        <li>
          <a href="/notice.jsonld">{say('machineNotice')}</a>
        </li>
      </ul>
    </section>
  );
}

export default function Policy({ session }: ViewProps) {
  const say = sayIn(POLICY_WORDS, session.language);
  const policy = usePolicy(session.language);
  const [lint, setLint] = useState<Lint | null>(null);
  const [trace, setTrace] = useState<Trace[] | null>(null);

  useEffect(() => {
    garde.GET('/v1/policy/lint').then(
      ({ data }) => setLint(data ?? null),
      () => setLint(null),
    );
    garde.GET('/v1/policy/traceability').then(
      ({ data }) => setTrace(data?.items ?? null),
      () => setTrace(null),
    );
  }, []);

  if (!policy) return <p role="status">{say('inForce')}…</p>;
  const yesNo = (b: boolean) => say(b ? 'yes' : 'no');
  const codes = (xs: readonly string[]) => (
    <ul>
      {xs.map((x) => (
        <li key={x}>
          <code>{x}</code>
        </li>
      ))}
    </ul>
  );

  return (
    <>
      <p>{say('intro')}</p>
      <section aria-labelledby="policy-in-force" className="panel">
        <h2 id="policy-in-force">{policy.policy.title}</h2>
        <dl className="facts">
          <dt>{say('policyId')}</dt>
          <dd>
            <code>{policy.policy.id}</code>
          </dd>
          <dt>{say('version')}</dt>
          <dd>{policy.policy.version}</dd>
          <dt>{say('effective')}</dt>
          <dd>{policy.policy.effectiveFrom}</dd>
        </dl>
      </section>

      <Published say={say} languages={policy.languages} language={session.language} />

      <section aria-labelledby="policy-lint" className="panel">
        <h2 id="policy-lint">{say('lintHeading')}</h2>
        {lint && (
          <div id="lint-results">
            {lint.findings.length === 0 ? (
              <p className="notice">{say('findingsNone')}</p>
            ) : (
              <>
                <p className="refused">{say('findings')}</p>
                <ul>
                  {lint.findings.map((f) => (
                    <li key={`${f.path} ${f.rule}`}>
                      <code>{f.path}</code>: {f.message} [{f.rule}]
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h3>{say('notStated')}</h3>
            {lint.notStated.length === 0 ? (
              <p>{say('notStatedNone')}</p>
            ) : (
              <ul>
                {lint.notStated.map((l) => {
                  const said = notStatedLine(say, l, (id) =>
                    categoryName(policy.categories, id, session.language),
                  );
                  return (
                    <li key={l} lang={said.lang}>
                      {said.text}
                    </li>
                  );
                })}
              </ul>
            )}
            {lint.noPeriod.length > 0 && <p>{say('noPeriod', { rules: lint.noPeriod.join(', ') })}</p>}
            {lint.unruled.length > 0 && (
              <p>
                {say('unruled', {
                  categories: lint.unruled
                    .map((u) => categoryName(policy.categories, u.category, session.language))
                    .join(', '),
                })}
              </p>
            )}
          </div>
        )}
      </section>

      {/* A heading and its table: the table's scrolling box is the landmark, named as the
          heading (TableScroll); the section is not one too, so no two landmarks share a name. */}
      <section className="panel">
        <h2 id="policy-purposes">{say('purposesHeading')}</h2>
        <TableScroll label={say('purposesHeading')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{say('purpose')}</th>
                <th scope="col">{say('legalBasis')}</th>
              </tr>
            </thead>
            <tbody>
              {policy.purposes.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    {p.name} (<code>{p.id}</code>)
                  </th>
                  <td>{p.legalBasisText}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section className="panel">
        <h2 id="policy-retention">{say('retentionHeading')}</h2>
        <TableScroll label={say('retentionHeading')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{say('rule')}</th>
                <th scope="col">{say('category')}</th>
                <th scope="col">{say('period')}</th>
                <th scope="col">{say('legalObligation')}</th>
              </tr>
            </thead>
            <tbody>
              {policy.retention.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <code>{r.id}</code>
                  </th>
                  <td>{r.categoryName}</td>
                  <td>{r.durationText}</td>
                  <td>{yesNo(r.legalObligation)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      {policy.channels.length > 0 && (
        <section aria-labelledby="policy-comms" className="panel">
          <h2 id="policy-comms">{say('commsHeading')}</h2>
          <p>
            {policy.cap
              ? say(
                  new Intl.PluralRules(session.language).select(policy.cap.max) === 'one'
                    ? 'cap.one'
                    : 'cap.other',
                  {
                    max: new Intl.NumberFormat(session.language).format(policy.cap.max),
                    window: wordOr(say, `window.${policy.cap.window}`, policy.cap.window),
                    mode: wordOr(say, `mode.${policy.cap.mode}`, policy.cap.mode),
                  },
                )
              : say('noCap')}
          </p>
          <h3>{say('channels')}</h3>
          <ul>
            {policy.channels.map((c) => (
              <li key={c.id}>
                {c.name} (<code>{c.id}</code>):{' '}
                {c.batchRecipient
                  ? say('batchFor', {
                      name:
                        policy.recipients.find((r) => r.id === c.batchRecipient)?.name ?? c.batchRecipient,
                    })
                  : say('batchNone')}
              </li>
            ))}
          </ul>
          <h3>{say('classes')}</h3>
          <ul>
            {policy.messageClasses.map((m) => (
              <li key={m.id}>
                {m.name} (<code>{m.id}</code>){m.countsTowardCap ? ` — ${say('countsTowardCap')}` : ''}
              </li>
            ))}
          </ul>
          <h3>{say('senders')}</h3>
          <ul>
            {policy.senders.map((s) => (
              <li key={s.id}>{s.name ? `${s.name} (${s.id})` : <code>{s.id}</code>}</li>
            ))}
          </ul>
        </section>
      )}

      <section className="panel">
        <h2 id="policy-recipients">{say('recipientsHeading')}</h2>
        <TableScroll label={say('recipientsHeading')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{say('recipient')}</th>
                <th scope="col">{say('kind')}</th>
                <th scope="col">{say('country')}</th>
              </tr>
            </thead>
            <tbody>
              {policy.recipients.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.name}</th>
                  <td>{gardeWord(session.language, 'recipient', r.kind)}</td>
                  <td>{r.country ?? say('notStatedCountry')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <h3>{say('interfacesHeading')}</h3>
        <ul>
          {policy.consentInterfaces.map((x) => (
            <li key={x.id}>
              {x.name} (<code>{x.id}</code>)
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="policy-trace" className="panel">
        <h2 id="policy-trace">{say('traceHeading')}</h2>
        <p className="hint">{say('traceIntro')}</p>
        <div id="traceability">
          {(trace ?? []).map((t) => (
            <details key={t.clause}>
              <summary>
                <strong>{t.clause}</strong> <span lang="en">{t.promise}</span>
              </summary>
              {!t.traced ? (
                <p className="refused">{say('untraced')}</p>
              ) : (
                <>
                  <h3>{say('policyKeys')}</h3>
                  {codes(t.policyKeys.map((k) => `${k.file}: ${k.path}`))}
                  <h3>{say('enforcedBy')}</h3>
                  {codes(t.enforcedBy)}
                  <h3>{say('tests')}</h3>
                  {codes(t.tests)}
                </>
              )}
            </details>
          ))}
        </div>
      </section>
    </>
  );
}
