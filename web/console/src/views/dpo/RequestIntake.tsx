// Intake (issue 15, EN-11, EN-12): staff record a request that came by letter, e-mail, phone or
// at a desk, for a person, with the channel it came through and the day it was received: the
// deadline runs from receipt, not from typing it in. The channels and the rights each takes come
// from the policy through the API; one that needs no proof (the person's own sign-in) is not offered.
import { type FormEvent, useEffect, useState } from 'react';
import { longDate } from '../../../../src/i18n.ts';
import type { ViewProps } from '../../views.ts';
import { FIELD, FORM } from './layout.ts';
import { requestHref } from './RequestsQueue.tsx';
import { Problem, type QueueRequest, readRightsChannels, recordRequest } from './requests-api.ts';
import { sayDpo } from './requests-words.ts';

type Channel = { id: string; identityProof: boolean; rights: string[] };

export default function RequestIntake({ session }: ViewProps) {
  const say = sayDpo(session.language);
  const [channels, setChannels] = useState<Channel[]>([]);
  const [channel, setChannel] = useState('');
  const [done, setDone] = useState<{ id: string; dueAt: string } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    readRightsChannels(session.language).then((all) => {
      const staff = all.filter((c) => c.identityProof);
      setChannels(staff);
      setChannel(staff[0]?.id ?? '');
    });
  }, [session.language]);
  const rights = channels.find((c) => c.id === channel)?.rights ?? [];

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (n: string) => String(f.get(n) ?? '').trim();
    setFailed(null);
    try {
      const note = text('note');
      const r = await recordRequest(text('subjectId'), {
        kind: text('kind') as QueueRequest['kind'],
        channel,
        // The day it arrived, at noon UTC: the same calendar day in every European time zone.
        receivedAt: `${text('receivedAt')}T12:00:00Z`,
        ...(note ? { details: { note } } : {}),
      });
      setDone({ id: r.id, dueAt: r.dueAt });
    } catch (err) {
      setFailed(err instanceof Problem ? err.message : 'UNKNOWN');
    }
  };

  const today = new Date().toISOString().slice(0, 10);
  return (
    <section aria-labelledby="intake-title" className="dpo-intake">
      <h2 id="intake-title">{say('intakeHeading')}</h2>
      {failed && <p role="alert">{say('failed', { code: failed })}</p>}
      {done && (
        <p role="status">
          <a href={requestHref(done.id)}>
            {say('recorded', { date: longDate(done.dueAt, session.language) })}
          </a>
        </p>
      )}
      <form onSubmit={submit} style={FORM}>
        <label style={FIELD}>
          {say('subjectId')}
          <input name="subjectId" required pattern="[0-9a-fA-F-]{36}" autoComplete="off" />
        </label>
        <label style={FIELD}>
          {say('channel')}
          <select name="channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          {say('kind')}
          <select name="kind">
            {rights.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          {say('receivedAt')}
          <input name="receivedAt" type="date" required max={today} defaultValue={today} />
        </label>
        <label style={FIELD}>
          {say('details')}
          <textarea name="note" maxLength={500} />
        </label>
        <button type="submit">{say('record')}</button>
      </form>
    </section>
  );
}
