// The marketer's campaigns (BK-7, BK-13): the list, a builder whose names all come from the
// policy through the API, and for the campaign opened its preview (suppressions per reason as a
// chart, who already has this month's message and from which campaign, the people left out by
// subject id and reason, a page at a time), its send as a job with a progress bar, why the send
// job put it back to draft when it did, and the batch to download for the processor the policy
// names for its channel (EN-8, BK-15; the DPO's alone when it names none).
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ErrorSummary, type Problem } from '../../../../src/ErrorSummary.tsx';
import { BarChart } from '../../ChartBars.tsx';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import {
  type Campaign,
  type CampaignPage,
  type Catalogue,
  createCampaign,
  downloadBatch,
  type Named,
  type Preview,
  type Purpose,
  queueSend,
  readCampaign,
  readCampaigns,
  readCommunicationsCatalogue,
  readPreview,
  readPurposes,
  readSuppressions,
  readThemes,
  type SuppressionPage,
  type Theme,
} from './marketer-api.ts';
import { marketerSay } from './marketer-words.ts';

type Say = ReturnType<typeof marketerSay>;

/** The policy's name for an id, or the id when the policy gives none. */
const textOf = (names: readonly Named[], id: string) => names.find((x) => x.id === id)?.text ?? id;
const STATUSES = ['draft', 'queued', 'sending', 'sent'] as const;

export default function Campaigns({ session }: ViewProps) {
  const say = marketerSay(session.language);
  const [status, setStatus] = useState<'' | (typeof STATUSES)[number]>('');
  const [page, setPage] = useState<CampaignPage | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  // The policy's names for its channels and the words of the reasons people are left out for:
  // the screens show them, never the ids.
  const [names, setNames] = useState<{ channels: Named[]; reasons: Named[] }>({ channels: [], reasons: [] });
  useEffect(() => {
    readCommunicationsCatalogue(session.language).then(setNames, () => undefined);
  }, [session.language]);

  const load = useCallback(
    async (after?: string) => {
      try {
        const next = await readCampaigns({ ...(status ? { status } : {}), ...(after ? { after } : {}) });
        setPage((p) => (after && p ? { items: [...p.items, ...next.items], next: next.next } : next));
      } catch {
        setFailed(true);
      }
    },
    [status],
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="marketer">
      <Builder
        session={session}
        say={say}
        onCreated={(c) => {
          setOpen(c.id);
          void load();
        }}
      />
      <h2>{say('listHeading')}</h2>
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
        <TableScroll label={say('listHeading')}>
          <table>
            <caption className="visually-hidden">{say('listHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">{say('name')}</th>
                <th scope="col">{say('channel')}</th>
                <th scope="col">{say('priority')}</th>
                <th scope="col">{say('status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{say('open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{textOf(names.channels, c.channel)}</td>
                  <td>{c.priority}</td>
                  <td>
                    {say(`status.${c.status}`)}
                    {c.sendFailure && (
                      <span className="hint">
                        {' '}
                        {say('sendStopped')} <code>{c.sendFailure.code}</code>
                      </span>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => setOpen(c.id)}
                      aria-label={`${say('open')}: ${c.name}`}
                    >
                      {say('open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {page?.next && (
        <button type="button" onClick={() => void load(page.next ?? undefined)}>
          {say('more')}
        </button>
      )}
      {open && (
        <Detail
          key={open}
          id={open}
          session={session}
          say={say}
          reasons={names.reasons}
          onChanged={() => void load()}
        />
      )}
    </div>
  );
}

function Builder({
  session,
  say,
  onCreated,
}: {
  session: ViewProps['session'];
  say: Say;
  onCreated: (c: Campaign) => void;
}) {
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [themes, setThemes] = useState<Theme[]>([]);
  const [catalogue, setCatalogue] = useState<Catalogue>({
    channels: [],
    classes: [],
    senders: [],
    reasons: [],
    batchFor: {},
  });
  const [form, setForm] = useState({
    name: '',
    purpose: '',
    channel: '',
    messageClass: '',
    sender: '',
    contentRef: '',
    priority: '0',
    themes: [] as string[],
  });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState('');

  useEffect(() => {
    readPurposes(session.language).then(setPurposes, () => setPurposes([]));
    readThemes(session.language).then(setThemes, () => setThemes([]));
    readCommunicationsCatalogue(session.language).then(setCatalogue, () => undefined);
  }, [session.language]);

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
        audience: form.themes.length > 0 ? { themes: form.themes } : {},
      });
      setProblems([]);
      setDone(say('created', { name: created.name }));
      onCreated(created);
    } catch (err) {
      setProblems([{ control: 'campaign-name', message: `${say('failed')} (${(err as Error).message})` }]);
    }
  };

  const select = (id: string, label: string, k: keyof typeof form, options: Named[]) => (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} required value={form[k] as string} onChange={set(k)}>
        <option value="">{say('choose')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.text}
          </option>
        ))}
      </select>
    </p>
  );

  return (
    <form onSubmit={submit} aria-labelledby="builder-heading">
      <h2 id="builder-heading">{say('builderHeading')}</h2>
      <ErrorSummary title={say('errorSummary')} problems={problems} />
      <p className="field">
        <label htmlFor="campaign-name">{say('name')}</label>
        <input id="campaign-name" required maxLength={200} value={form.name} onChange={set('name')} />
      </p>
      {select(
        'campaign-purpose',
        say('purpose'),
        'purpose',
        purposes.map((p) => ({ id: p.id, text: p.description })),
      )}
      {select('campaign-channel', say('channel'), 'channel', catalogue.channels)}
      {select('campaign-class', say('messageClass'), 'messageClass', catalogue.classes)}
      {select('campaign-sender', say('sender'), 'sender', catalogue.senders)}
      <fieldset>
        <legend>{say('lifecycles')}</legend>
        {themes.map((t) => (
          <label key={t.id}>
            <input
              type="checkbox"
              checked={form.themes.includes(t.id)}
              onChange={(e) =>
                setForm({
                  ...form,
                  themes: e.target.checked ? [...form.themes, t.id] : form.themes.filter((x) => x !== t.id),
                })
              }
            />
            {t.name}
          </label>
        ))}
      </fieldset>
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
      <p className="field">
        <label htmlFor="campaign-priority">{say('priority')}</label>
        <input
          id="campaign-priority"
          type="number"
          min={0}
          max={100}
          value={form.priority}
          onChange={set('priority')}
          aria-describedby="campaign-priority-hint"
        />
        <span id="campaign-priority-hint" className="hint">
          {say('priorityHint')}
        </span>
      </p>
      <button type="submit">{say('create')}</button>
      <p aria-live="polite">{done}</p>
    </form>
  );
}

function Detail({
  id,
  session,
  say,
  reasons,
  onChanged,
}: {
  id: string;
  session: ViewProps['session'];
  say: Say;
  reasons: Named[];
  onChanged: () => void;
}) {
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [list, setList] = useState<SuppressionPage | null>(null);
  const [failed, setFailed] = useState(false);
  const [batchFor, setBatchFor] = useState<Catalogue['batchFor']>({});
  const [saving, setSaving] = useState<{ problem?: string; saved?: string }>({});

  useEffect(() => {
    readCommunicationsCatalogue(session.language).then(
      (c) => setBatchFor(c.batchFor),
      () => setBatchFor({}),
    );
  }, [session.language]);

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
  // While the send job runs, its progress is read again each second.
  useEffect(() => {
    if (campaign?.status !== 'queued' && campaign?.status !== 'sending') return;
    const timer = setTimeout(() => {
      void refresh().then(onChanged);
    }, 1000);
    return () => clearTimeout(timer);
  }, [campaign, refresh, onChanged]);

  if (failed) return <p role="alert">{say('failed')}</p>;
  if (!campaign) return <p>{say('loading')}</p>;
  const counts = campaign.result ?? preview;
  const left = counts ? Object.values(counts.suppressed).reduce((a, b) => a + b, 0) : 0;
  // EN-8, BK-15: the policy says for which processor a channel's batch is; a marketer may hand
  // it only to that one, the DPO even when it names none. The server decides again on download.
  const processor = batchFor[campaign.channel] ?? null;
  const mayDownload = session.role === 'dpo' || (session.role === 'marketer' && processor !== null);
  const save = async () => {
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
      setSaving({ problem: (err as Error).message });
    }
  };
  return (
    <section aria-labelledby="detail-heading" className="campaign">
      <h2 id="detail-heading">{say('previewHeading', { name: campaign.name })}</h2>
      {campaign.sendFailure && (
        <div className="refused" data-testid="send-failure">
          <p>{say('sendFailed')}</p>
          <p>
            {campaign.sendFailure.message} (<code>{campaign.sendFailure.code}</code>)
          </p>
        </div>
      )}
      {counts && (
        <dl>
          <dt>{say('audience')}</dt>
          <dd>{counts.audience}</dd>
          <dt>{say('eligible')}</dt>
          <dd data-testid="eligible">{counts.eligible}</dd>
        </dl>
      )}
      {counts && left > 0 && (
        <BarChart
          id="preview-suppressed"
          title={say('suppressedHeading')}
          tableCaption={say('chartTable')}
          language={session.language}
          data={Object.entries(counts.suppressed).map(([reason, n]) => ({
            label: textOf(reasons, reason),
            value: n,
          }))}
        />
      )}
      {preview &&
        (preview.arbitration.takenBy.length > 0 ||
          preview.arbitration.usedOtherwise > 0 ||
          preview.arbitration.queued.length > 0) && (
          <>
            <h3>{say('arbitrationHeading')}</h3>
            <ul>
              {preview.arbitration.takenBy.map((t) => (
                <li key={t.campaign}>
                  {say('takenBy', { name: t.name, priority: String(t.priority) })}: {t.subjects}
                </li>
              ))}
              {preview.arbitration.queued.map((q) => (
                <li key={`queued-${q.campaign}`}>
                  {say('queuedFirst', { name: q.name, priority: String(q.priority) })}: {q.subjects}
                </li>
              ))}
              {preview.arbitration.usedOtherwise > 0 && (
                <li>
                  {say('usedOtherwise')}: {preview.arbitration.usedOtherwise}
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
                    <td>{textOf(reasons, s.reason)}</td>
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
            <button
              type="button"
              onClick={async () => {
                const more = await readSuppressions(id, list.next ?? undefined);
                setList({ items: [...list.items, ...more.items], next: more.next });
              }}
            >
              {say('more')}
            </button>
          )}
        </>
      )}
      {campaign.status === 'draft' && preview && (
        <p>
          <button
            type="button"
            onClick={async () => {
              await queueSend(id);
              await refresh();
              onChanged();
            }}
          >
            {say('send')}
          </button>
        </p>
      )}
      {campaign.progress && campaign.status !== 'draft' && (
        <p>
          <label htmlFor="send-progress">
            {say('progress', {
              processed: String(campaign.progress.processed),
              total: String(campaign.progress.total ?? 0),
            })}
          </label>
          <progress
            id="send-progress"
            max={campaign.progress.total ?? 1}
            value={campaign.progress.processed}
          />
        </p>
      )}
      {campaign.status === 'sent' && campaign.result && (
        <p role="status">
          {say('sentResult', { sent: String(campaign.result.sent ?? 0), left: String(left) })}
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
          <p aria-live="polite">
            {saving.saved && say('batchSaved', { name: saving.saved })}
            {saving.problem && (
              <span className="error-message">{say('batchRefused', { code: saving.problem })}</span>
            )}
          </p>
        </div>
      )}
    </section>
  );
}
