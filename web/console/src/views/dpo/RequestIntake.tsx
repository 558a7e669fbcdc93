// Intake (issue 15, EN-11, EN-12): staff record a request that came by letter, e-mail, phone or
// at a desk, for a person, with the channel it came through and the day it was received: the
// deadline runs from receipt, not from typing it in. The channels and the rights each takes come
// from the policy through the API; one that needs no proof (the person's own sign-in) is not offered.
// An objection names what it objects to and a consent withdrawal its purpose (the API refuses
// either without): the kinds are those the policy's purposes list, the purposes the policy's own.
import { type FormEvent, useEffect, useState } from 'react';
import { longDate } from '../../../../src/i18n.ts';
import { gardeWord } from '../../garde-words.ts';
import type { ViewProps } from '../../views.ts';
import { FIELD, FORM } from './layout.ts';
import { requestHref } from './RequestsQueue.tsx';
import {
  Problem,
  type QueueRequest,
  readPurposes,
  readRightsChannels,
  recordRequest,
} from './requests-api.ts';
import { sayDpo } from './requests-words.ts';

type Channel = { id: string; name: string; identityProof: boolean; rights: string[] };
type Purpose = Awaited<ReturnType<typeof readPurposes>>[number];

export default function RequestIntake({ session }: ViewProps) {
  const say = sayDpo(session.language);
  const [channels, setChannels] = useState<Channel[]>([]);
  const [channel, setChannel] = useState('');
  const [kind, setKind] = useState('');
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [objection, setObjection] = useState('');
  const [done, setDone] = useState<{ id: string; dueAt: string } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    readRightsChannels(session.language).then(
      (all) => {
        const staff = all.filter((c) => c.identityProof);
        setChannels(staff);
        setChannel(staff[0]?.id ?? '');
      },
      () => setChannels([]),
    );
    readPurposes(session.language).then(setPurposes, () => setPurposes([]));
  }, [session.language]);
  const rights = channels.find((c) => c.id === channel)?.rights ?? [];
  const chosen = rights.includes(kind) ? kind : (rights[0] ?? '');
  // Each kind once, in the order the policy's purposes first list it.
  const objections = [...new Set(purposes.flatMap((p) => p.objections))];
  const objectionChosen = objections.includes(objection as never) ? objection : (objections[0] ?? '');
  const consented = purposes.filter((p) => p.needsConsent);
  const objectedTo = purposes.filter((p) => p.objections.includes(objectionChosen as never));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (n: string) => String(f.get(n) ?? '').trim();
    setFailed(null);
    try {
      const note = text('note');
      const purpose = text('purpose');
      const details = {
        ...(note ? { note } : {}),
        ...(chosen === 'objection' ? { objection: objectionChosen } : {}),
        ...((chosen === 'objection' || chosen === 'withdraw-consent') && purpose ? { purpose } : {}),
      };
      const r = await recordRequest(text('subjectId'), {
        kind: chosen as QueueRequest['kind'],
        channel,
        receivedAt: receivedOn(text('receivedAt')),
        ...(Object.keys(details).length > 0 ? { details } : {}),
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
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          {say('kind')}
          <select name="kind" value={chosen} onChange={(e) => setKind(e.target.value)}>
            {rights.map((k) => (
              <option key={k} value={k}>
                {gardeWord(session.language, 'right', k)}
              </option>
            ))}
          </select>
        </label>
        {chosen === 'objection' && (
          <>
            <label style={FIELD}>
              {say('objection')}
              <select name="objection" value={objectionChosen} onChange={(e) => setObjection(e.target.value)}>
                {objections.map((o) => (
                  <option key={o} value={o}>
                    {say(`objection.${o}`)}
                  </option>
                ))}
              </select>
            </label>
            <label style={FIELD}>
              {say('objectionPurpose')}
              <select name="purpose" key={objectionChosen} defaultValue="">
                <option value="">{say('allPurposes')}</option>
                {objectedTo.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.description}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {chosen === 'withdraw-consent' && (
          <label style={FIELD}>
            {say('withdrawPurpose')}
            <select name="purpose" required>
              {consented.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.description}
                </option>
              ))}
            </select>
          </label>
        )}
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

/**
 * The day it arrived, at noon UTC: the same calendar day in every European time zone. Today's
 * noon may not have come yet (a letter recorded at 00:30 UTC): then now, never a time to come.
 */
function receivedOn(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  const now = new Date();
  return (noon > now ? now : noon).toISOString();
}
