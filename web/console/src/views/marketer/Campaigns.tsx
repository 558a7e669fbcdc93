// The marketer's campaigns (BK-7, BK-13): the list, a builder whose names all come from the
// policy through the API, and for the campaign opened what it is (purpose, class, sender,
// channel, audience, message, by their policy names) and, by its status, its preview
// (suppressions per reason as a chart, who already has this month's message and from which
// campaign, the people left out by subject id and reason, a page at a time), its send as a job
// with a progress bar after a confirm step, or what was sent, when and to how many; why the send
// job put it back to draft when it did, and the batch to download for the processor the policy
// names for its channel (EN-8, BK-15; the DPO's alone when it names none). The DPO sees the same
// screen read-only (no builder, no send): the batch a channel without a processor needs is theirs.
// Every refusal is said in words (the problem's, garde-words.ts; the policy's reasons), never a code.
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ErrorSummary, type Problem } from '../../../../src/ErrorSummary.tsx';
import { BarChart } from '../../ChartBars.tsx';
import { problemWords } from '../../garde-words.ts';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import { dateAndTime, type Language } from '../../words.ts';
import {
  type Campaign,
  type CampaignPage,
  type Catalogue,
  createCampaign,
  downloadBatch,
  type Named,
  type Preview,
  queueSend,
  Refusal,
  readCampaign,
  readCampaigns,
  readCommunicationsCatalogue,
  readPreview,
  readProducts,
  readPurposes,
  readSuppressions,
  readThemes,
  type SuppressionPage,
} from './marketer-api.ts';
import { marketerSay } from './marketer-words.ts';

type Say = ReturnType<typeof marketerSay>;

/** The policy's name for an id, or the id when the policy gives none. */
const textOf = (names: readonly Named[], id: string) => names.find((x) => x.id === id)?.text ?? id;
const STATUSES = ['draft', 'queued', 'sending', 'sent'] as const;
/** Garde's own lifecycle stages an audience may be drawn from (the API's enum). */
const LIFECYCLES = ['prospect', 'customer', 'former'] as const;

/** Everything the screens name: the policy's catalogue, purposes, themes and products. */
type Names = Catalogue & { purposes: Named[]; themes: Named[]; products: Named[] };
const NO_NAMES: Names = {
  channels: [],
  classes: [],
  senders: [],
  reasons: [],
  batchFor: {},
  classPurposes: {},
  purposes: [],
  themes: [],
  products: [],
};

/**
 * A refusal in words: the problem's (garde-words.ts), else a general one, never its code; and
 * the policy's words for each reason it gives (consent.missing → "No consent", ...).
 */
export function refusalText(
  say: Say,
  language: Language,
  err: unknown,
  reasons: readonly Named[],
): { text: string; because: string[] } {
  const code = err instanceof Refusal ? err.code : '';
  return {
    text: problemWords(language, code) ?? say('refused'),
    because: err instanceof Refusal ? err.reasons.map((r) => textOf(reasons, r)) : [],
  };
}

/** A refusal said in a live region: its words, then why, as the policy words it. */
function Refused({ say, said }: { say: Say; said: { text: string; because: string[] } | null }) {
  return (
    <div role="alert">
      {said && (
        <div className="refused">
          <p className="error-message">{said.text}</p>
          {said.because.length > 0 && (
            <>
              <p>{say('refusedBecause')}</p>
              <ul>
                {said.because.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}

export default function Campaigns({ session }: ViewProps) {
  const say = marketerSay(session.language);
  const mayChange = session.role === 'marketer';
  const [status, setStatus] = useState<'' | (typeof STATUSES)[number]>('');
  const [page, setPage] = useState<CampaignPage | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  // The policy's names for everything a campaign refers to: the screens show them, never the ids.
  const [names, setNames] = useState<Names>(NO_NAMES);
  useEffect(() => {
    const language = session.language;
    Promise.all([
      readCommunicationsCatalogue(language),
      readPurposes(language).catch(() => []),
      readThemes(language).catch(() => []),
      readProducts(language).catch(() => []),
    ]).then(
      ([catalogue, purposes, themes, products]) =>
        setNames({
          ...catalogue,
          purposes: purposes.map((p) => ({ id: p.id, text: p.description })),
          themes: themes.map((t) => ({ id: t.id, text: t.name })),
          products,
        }),
      () => undefined,
    );
  }, [session.language]);

  const load = useCallback(
    async (after?: string) => {
      try {
        const next = await readCampaigns({ ...(status ? { status } : {}), ...(after ? { after } : {}) });
        setPage((p) => (after && p ? { items: [...p.items, ...next.items], next: next.next } : next));
        setFailed(false);
      } catch {
        setFailed(true);
      }
    },
    [status],
  );
  useEffect(() => {
    void load();
  }, [load]);
  // Stable, so an open campaign's effects do not run again at each render of the list.
  const reload = useCallback(() => void load(), [load]);

  return (
    <div className="marketer">
      {mayChange ? (
        <Builder
          session={session}
          say={say}
          names={names}
          onCreated={(c) => {
            setOpen(c.id);
            void load();
          }}
        />
      ) : (
        <p className="notice">{say('dpoReadOnly')}</p>
      )}
      <h2 id="list-heading">{say('listHeading')}</h2>
      <p className="field">
        <label htmlFor="campaign-status">{say('status')}</label>
        <select
          id="campaign-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as typeof status)}
        >
          <option value="">{say('all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {say(`status.${s}`)}
            </option>
          ))}
        </select>
      </p>
      {failed && <p role="alert">{say('failed')}</p>}
      {page && page.items.length === 0 && <p>{say('noCampaigns')}</p>}
      {page && page.items.length > 0 && (
        // One item per campaign, its name the button that opens it: readable at 360 px, no
        // sideways scroll between a name and its action.
        <ul className="campaign-list" aria-labelledby="list-heading">
          {page.items.map((c) => (
            <li key={c.id} data-campaign={c.name}>
              <button
                type="button"
                className="link"
                aria-current={open === c.id ? 'true' : undefined}
                onClick={() => setOpen(c.id)}
              >
                {c.name}
              </button>
              <span className="hint">
                {textOf(names.channels, c.channel)} · {say('priorityShort', { n: say.num(c.priority) })} ·{' '}
                {say(`status.${c.status}`)}
              </span>
              {c.sendFailure && (
                <span className="error-message" data-testid="list-send-failure">
                  {say('sendStopped')}:{' '}
                  {refusalFromRecord(say, session.language, c.sendFailure, names.reasons)}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {page?.next && (
        <button type="button" className="secondary" onClick={() => void load(page.next ?? undefined)}>
          {say('more')}
        </button>
      )}
      {open && (
        <Detail
          key={open}
          id={open}
          session={session}
          say={say}
          names={names}
          mayChange={mayChange}
          onChanged={reload}
        />
      )}
    </div>
  );
}

/** A recorded send failure in words: the problem's, and the policy's words of its reasons when it gives them. */
function refusalFromRecord(
  say: Say,
  language: Language,
  failure: NonNullable<Campaign['sendFailure']>,
  reasons: readonly Named[],
): string {
  const codes = (failure as { reasons?: readonly string[] }).reasons ?? [];
  const said = problemWords(language, failure.code) ?? say('refused');
  return codes.length > 0 ? `${said} ${codes.map((r) => textOf(reasons, r)).join('; ')}` : said;
}

const EMPTY_FORM = {
  name: '',
  purpose: '',
  channel: '',
  messageClass: '',
  sender: '',
  contentRef: '',
  priority: '0',
  themes: [] as string[],
  lifecycles: [] as string[],
  holdings: [] as string[],
};

function Builder({
  session,
  say,
  names,
  onCreated,
}: {
  session: ViewProps['session'];
  say: Say;
  names: Names;
  onCreated: (c: Campaign) => void;
}) {
  const [form, setForm] = useState(EMPTY_FORM);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState('');

  // Only the purposes some message class can carry (the policy's classes name their purposes).
  const carried = new Set(Object.values(names.classPurposes).flat());
  const purposes = names.purposes.filter((p) => carried.has(p.id));

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    try {
      const created = await createCampaign({
        name: form.name,
        purpose: form.purpose,
        channel: form.channel,
        messageClass: form.messageClass,
        ...(form.sender ? { sender: form.sender } : {}),
        contentRef: form.contentRef,
        priority: Number(form.priority),
        audience: {
          ...(form.themes.length > 0 ? { themes: form.themes } : {}),
          ...(form.lifecycles.length > 0
            ? { lifecycles: form.lifecycles as (typeof LIFECYCLES)[number][] }
            : {}),
          ...(form.holdings.length > 0 ? { holdings: form.holdings } : {}),
        },
      });
      setProblems([]);
      setForm(EMPTY_FORM);
      setDone(say('created', { name: created.name }));
      onCreated(created);
    } catch (err) {
      const said = refusalText(say, session.language, err, names.reasons);
      setProblems([{ control: 'campaign-name', message: [said.text, ...said.because].join(' ') }]);
    }
  };

  const select = (id: string, label: string, k: keyof typeof form, options: Named[], required = true) => (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} required={required} value={form[k] as string} onChange={set(k)}>
        <option value="">{say('choose')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.text}
          </option>
        ))}
      </select>
    </p>
  );
  const checks = (legend: string, k: 'themes' | 'lifecycles' | 'holdings', options: Named[]) =>
    options.length > 0 && (
      <fieldset className="checks">
        <legend>{legend}</legend>
        {options.map((o) => (
          <label key={o.id}>
            <input
              type="checkbox"
              checked={form[k].includes(o.id)}
              onChange={(e) =>
                setForm({
                  ...form,
                  [k]: e.target.checked ? [...form[k], o.id] : form[k].filter((x) => x !== o.id),
                })
              }
            />{' '}
            {o.text}
          </label>
        ))}
      </fieldset>
    );

  return (
    <form onSubmit={submit} aria-labelledby="builder-heading">
      <h2 id="builder-heading">{say('builderHeading')}</h2>
      <ErrorSummary title={say('errorSummary')} problems={problems} />
      <p className="field">
        <label htmlFor="campaign-name">{say('name')}</label>
        <input id="campaign-name" required maxLength={200} value={form.name} onChange={set('name')} />
      </p>
      {select('campaign-purpose', say('purpose'), 'purpose', purposes)}
      {select('campaign-channel', say('channel'), 'channel', names.channels)}
      {select('campaign-class', say('messageClass'), 'messageClass', names.classes)}
      {select('campaign-sender', say('sender'), 'sender', names.senders, false)}
      {checks(
        say('lifecycleLegend'),
        'lifecycles',
        LIFECYCLES.map((l) => ({ id: l, text: say(`lifecycle.${l}`) })),
      )}
      {checks(say('holdingsLegend'), 'holdings', names.products)}
      {checks(say('themesLegend'), 'themes', names.themes)}
      <p className="field">
        <label htmlFor="campaign-content">{say('contentRef')}</label>
        <input
          id="campaign-content"
          required
          maxLength={200}
          value={form.contentRef}
          onChange={set('contentRef')}
        />
      </p>
      <div className="field">
        <label htmlFor="campaign-priority">{say('priority')}</label>
        <p id="campaign-priority-hint" className="hint">
          {say('priorityHint')}
        </p>
        <input
          id="campaign-priority"
          type="number"
          min={0}
          max={100}
          value={form.priority}
          onChange={set('priority')}
          aria-describedby="campaign-priority-hint"
        />
      </div>
      <button type="submit">{say('create')}</button>
      <p aria-live="polite">{done}</p>
    </form>
  );
}

/** The campaign's audience in words: its stages, products and themes, by their names. */
function audienceWords(say: Say, audience: Campaign['audience'], names: Names): string {
  const a = audience as { lifecycles?: string[]; holdings?: string[]; themes?: string[] };
  const parts = [
    ...(a.lifecycles?.length
      ? [a.lifecycles.map((l) => say(`lifecycle.${l}` as 'lifecycle.customer')).join(', ')]
      : []),
    ...(a.holdings?.length
      ? [say('holdingWord', { names: a.holdings.map((h) => textOf(names.products, h)).join(', ') })]
      : []),
    ...(a.themes?.length
      ? [say('themeWord', { names: a.themes.map((t) => textOf(names.themes, t)).join(', ') })]
      : []),
  ];
  return parts.length > 0 ? parts.join('; ') : say('everyone');
}

function Detail({
  id,
  session,
  say,
  names,
  mayChange,
  onChanged,
}: {
  id: string;
  session: ViewProps['session'];
  say: Say;
  names: Names;
  mayChange: boolean;
  onChanged: () => void;
}) {
  const language = session.language;
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [list, setList] = useState<SuppressionPage | null>(null);
  const [failed, setFailed] = useState(false);
  const [saving, setSaving] = useState<{ saved?: string }>({});
  const [refused, setRefused] = useState<{ text: string; because: string[] } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const confirmRef = useRef<HTMLFieldSetElement>(null);
  const sendRef = useRef<HTMLButtonElement>(null);
  const focused = useRef(false);

  const refresh = useCallback(async () => {
    try {
      const c = await readCampaign(id);
      setCampaign(c);
      // A draft the policy in force no longer allows has no preview: its page still says why.
      if (c.status === 'draft') setPreview(await readPreview(id).catch(() => null));
      if (c.status === 'draft' || c.status === 'sent') setList(await readSuppressions(id).catch(() => null));
    } catch {
      setFailed(true);
    }
  }, [id]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // While the send job runs, its progress is read again each second; the list is read again only
  // when the status changes (reading it each second would also drop the pages shown after the first).
  useEffect(() => {
    if (campaign?.status !== 'queued' && campaign?.status !== 'sending') return;
    const timer = setTimeout(() => void refresh(), 1000);
    return () => clearTimeout(timer);
  }, [campaign, refresh]);
  const shownStatus = useRef(campaign?.status);
  useEffect(() => {
    const status = campaign?.status;
    if (shownStatus.current !== undefined && status !== shownStatus.current) onChanged();
    shownStatus.current = status;
  }, [campaign?.status, onChanged]);
  // Opened: the focus goes to its heading, scrolled into view (once, not on each refresh).
  useEffect(() => {
    if (!campaign || focused.current || !heading.current) return;
    focused.current = true;
    heading.current.focus();
    heading.current.scrollIntoView({ block: 'start' });
  }, [campaign]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (failed) return <p role="alert">{say('failed')}</p>;
  if (!campaign) return <p>{say('loading')}</p>;
  const counts = campaign.result ?? preview;
  const left = counts ? Object.values(counts.suppressed).reduce((a, b) => a + b, 0) : 0;
  // EN-8, BK-15: the policy says for which processor a channel's batch is; a marketer may hand
  // it only to that one, the DPO even when it names none. The server decides again on download.
  const processor = names.batchFor[campaign.channel] ?? null;
  const mayDownload = session.role === 'dpo' || (session.role === 'marketer' && processor !== null);
  const refuse = (err: unknown) => setRefused(refusalText(say, language, err, names.reasons));
  const save = async () => {
    setRefused(null);
    try {
      const { file, name } = await downloadBatch(id);
      const url = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked once the browser has taken the file; revoking at once may cancel the save.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setSaving({ saved: name });
    } catch (err) {
      refuse(err);
    }
  };
  const send = async () => {
    setConfirming(false);
    setRefused(null);
    try {
      await queueSend(id);
      await refresh();
      // The confirm step is gone: the focus goes back to the campaign's heading, not the page.
      heading.current?.focus();
    } catch (err) {
      refuse(err);
      // The draft may have changed (a failure recorded): read it again, the refusal stays said.
      await refresh();
    }
  };
  const more = async () => {
    if (!list) return;
    try {
      const next = await readSuppressions(id, list.next ?? undefined);
      setList({ items: [...list.items, ...next.items], next: next.next });
    } catch (err) {
      refuse(err);
    }
  };
  const title =
    campaign.status === 'draft'
      ? say('previewHeading', { name: campaign.name })
      : campaign.status === 'sent'
        ? say('sentHeading', { name: campaign.name })
        : say('sendingHeading', { name: campaign.name });
  const failure = campaign.sendFailure as
    | (NonNullable<Campaign['sendFailure']> & { reasons?: readonly string[] })
    | null;
  return (
    <section aria-labelledby="detail-heading" className="campaign">
      <h2 id="detail-heading" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <Refused say={say} said={refused} />
      {failure && (
        <div className="refused" data-testid="send-failure">
          <p>{say('sendFailed')}</p>
          <p className="error-message">{problemWords(language, failure.code) ?? say('refused')}</p>
          {failure.reasons && failure.reasons.length > 0 ? (
            <ul>
              {failure.reasons.map((r) => (
                <li key={r}>{textOf(names.reasons, r)}</li>
              ))}
            </ul>
          ) : (
            // Older entries carry no reasons: the server's own sentence says which.
            <p className="hint">{failure.message}</p>
          )}
        </div>
      )}
      <h3>{say('about')}</h3>
      <dl className="facts">
        <dt>{say('status')}</dt>
        <dd>{say(`status.${campaign.status}`)}</dd>
        <dt>{say('purpose')}</dt>
        <dd>{textOf(names.purposes, campaign.purpose)}</dd>
        <dt>{say('messageClass')}</dt>
        <dd>{textOf(names.classes, campaign.messageClass)}</dd>
        <dt>{say('sender')}</dt>
        <dd>{campaign.sender ? textOf(names.senders, campaign.sender) : say('defaultSender')}</dd>
        <dt>{say('channel')}</dt>
        <dd>{textOf(names.channels, campaign.channel)}</dd>
        <dt>{say('audienceWho')}</dt>
        <dd>{audienceWords(say, campaign.audience, names)}</dd>
        <dt>{say('contentRef')}</dt>
        <dd>
          <code>{campaign.contentRef}</code>
        </dd>
        <dt>{say('priority')}</dt>
        <dd>{say.num(campaign.priority)}</dd>
        {campaign.status === 'sent' && campaign.sentAt && (
          <>
            <dt>{say('sentAt')}</dt>
            <dd>{dateAndTime(campaign.sentAt, language)}</dd>
          </>
        )}
        {counts && (
          <>
            <dt>{say('inAudience')}</dt>
            <dd>{say.num(counts.audience)}</dd>
            {campaign.status === 'sent' ? (
              <>
                <dt>{say('received')}</dt>
                <dd data-testid="eligible">{say.num(campaign.result?.sent ?? counts.eligible)}</dd>
              </>
            ) : (
              campaign.status === 'draft' && (
                <>
                  <dt>{say('eligible')}</dt>
                  <dd data-testid="eligible">{say.num(counts.eligible)}</dd>
                </>
              )
            )}
            <dt>{say('leftOut')}</dt>
            <dd>{say.num(left)}</dd>
          </>
        )}
      </dl>
      {campaign.status === 'sent' && campaign.result && (
        <p role="status">
          {say.count('sentResult', campaign.result.sent ?? 0, {
            sent: say.num(campaign.result.sent ?? 0),
            date: campaign.sentAt ? dateAndTime(campaign.sentAt, language) : '',
          })}
        </p>
      )}
      {campaign.status === 'sent' && (
        <div className="batch">
          <p>{processor ? say('batchFor', { name: processor.text }) : say('batchNoProcessor')}</p>
          {mayDownload && (
            <p>
              <button type="button" onClick={() => void save()}>
                {say('batch')}
              </button>
            </p>
          )}
          <p aria-live="polite">{saving.saved && say('batchSaved', { name: saving.saved })}</p>
        </div>
      )}
      {campaign.progress && (campaign.status === 'queued' || campaign.status === 'sending') && (
        <p>
          <label htmlFor="send-progress">
            {say('progress', {
              processed: say.num(campaign.progress.processed),
              total: say.num(campaign.progress.total ?? 0),
            })}
          </label>
          <progress
            id="send-progress"
            max={campaign.progress.total ?? 1}
            value={campaign.progress.processed}
          />
        </p>
      )}
      {mayChange && campaign.status === 'draft' && preview && !confirming && (
        <p>
          <button type="button" ref={sendRef} onClick={() => setConfirming(true)}>
            {say('send')}
          </button>
        </p>
      )}
      {confirming && (
        // The confirm step: a group named by its question that takes the focus, states how many will receive
        // it, and puts the focus back on Send when cancelled.
        <fieldset className="notice confirm" tabIndex={-1} ref={confirmRef}>
          <legend id="send-confirm">
            {say.count('sendConfirm', preview?.eligible ?? 0, { name: campaign.name })}
          </legend>
          <p className="actions">
            <button type="button" onClick={() => void send()}>
              {say('confirmSend')}
            </button>{' '}
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setConfirming(false);
                setTimeout(() => sendRef.current?.focus(), 0);
              }}
            >
              {say('cancel')}
            </button>
          </p>
        </fieldset>
      )}
      {counts && left > 0 && (
        <>
          <h3 id="preview-suppressed-heading">{say('suppressedHeading')}</h3>
          <BarChart
            id="preview-suppressed"
            headingId="preview-suppressed-heading"
            title={say('suppressedHeading')}
            tableCaption={say('chartTable')}
            language={language}
            data={Object.entries(counts.suppressed).map(([reason, n]) => ({
              label: textOf(names.reasons, reason),
              value: n,
            }))}
          />
        </>
      )}
      {preview &&
        campaign.status === 'draft' &&
        (preview.arbitration.takenBy.length > 0 ||
          preview.arbitration.usedOtherwise > 0 ||
          preview.arbitration.queued.length > 0) && (
          <>
            <h3>{say('arbitrationHeading')}</h3>
            <ul>
              {preview.arbitration.takenBy.map((t) => (
                <li key={t.campaign}>
                  {say('takenBy', { name: t.name, priority: String(t.priority) })}: {say.num(t.subjects)}
                </li>
              ))}
              {preview.arbitration.queued.map((q) => (
                <li key={`queued-${q.campaign}`}>
                  {say('queuedFirst', { name: q.name, priority: String(q.priority) })}: {say.num(q.subjects)}
                </li>
              ))}
              {preview.arbitration.usedOtherwise > 0 && (
                <li>
                  {say('usedOtherwise')}: {say.num(preview.arbitration.usedOtherwise)}
                </li>
              )}
            </ul>
          </>
        )}
      {list && list.items.length > 0 && (
        <>
          <TableScroll label={say('suppressedList')}>
            <table>
              <caption>{say('suppressedList')}</caption>
              <thead>
                <tr>
                  <th scope="col">{say('subject')}</th>
                  <th scope="col">{say('reason')}</th>
                  <th scope="col">{say('lostTo')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((s) => (
                  <tr key={s.subjectId}>
                    <td>
                      <code>{s.subjectId}</code>
                    </td>
                    <td>{textOf(names.reasons, s.reason)}</td>
                    <td>
                      {s.takenBy
                        ? say('takenBy', { name: s.takenBy.name, priority: String(s.takenBy.priority) })
                        : s.reason === 'cap.reached'
                          ? say('usedOtherwise')
                          : say('nothing')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {list.next && (
            <button type="button" className="secondary" onClick={() => void more()}>
              {say('more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
