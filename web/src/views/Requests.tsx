// "Your requests" (issue 14, EN-11, EN-13): the person's requests and where each stands, and a
// form to ask for any right the policy takes through the privacy page (rights.channels: the one
// that needs no proof). The list is read again after each request is recorded.
import { useCallback, useEffect, useState } from 'react';
import {
  askForRight,
  type PublishedPurpose,
  type RightsRequest,
  readPurposes,
  readRequests,
} from '../api.ts';
import { ErrorSummary, type Problem } from '../ErrorSummary.tsx';
import { dateAndTime, sayIn } from '../i18n.ts';
import type { ViewProps } from '../Views.tsx';
import { type Ask, RequestForm } from './RequestForm.tsx';
import { RequestList } from './RequestList.tsx';
import { WORDS } from './requests-words.ts';
import { viewTitle } from './titles.ts';

export function Requests({ who, language, notice, say: sayPage }: ViewProps) {
  const say = sayIn(WORDS, language);
  const kinds = notice.selfServiceRights;
  const [requests, setRequests] = useState<RightsRequest[] | undefined>();
  const [purposes, setPurposes] = useState<PublishedPurpose[]>([]);
  const [listFailed, setListFailed] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  // A right that affects the contract, waiting for the person to confirm it (EN-13).
  const [pending, setPending] = useState<{ ask: Ask; impact: string } | undefined>();
  const [formKey, setFormKey] = useState(0);

  const reload = useCallback(
    () =>
      readRequests(who).then(
        (r) => {
          setRequests(r);
          setListFailed(false);
        },
        () => setListFailed(true),
      ),
    [who],
  );

  useEffect(() => {
    let live = true;
    reload();
    readPurposes(language).then(
      (p) => live && setPurposes(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [reload, language]);

  const send = (ask: Ask, confirmContractImpact = false) => {
    setBusy(true);
    setStatus('');
    askForRight(who, { ...ask, ...(confirmContractImpact ? { confirmContractImpact } : {}) }, language)
      .then(
        (answer) => {
          if ('contractImpact' in answer) {
            setPending({ ask, impact: answer.contractImpact });
            return;
          }
          setPending(undefined);
          setProblems([]);
          setFormKey((k) => k + 1);
          setStatus(
            say('sentAt', {
              what: say(`kind.${ask.kind}`),
              time: dateAndTime(answer.created.receivedAt, language),
            }),
          );
          return reload();
        },
        () =>
          setProblems([{ control: pending ? 'request-confirm' : 'request-submit', message: say('notSent') }]),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="requests" className="requests-view">
      <h2 id="requests">{viewTitle('requests', language)}</h2>
      <ErrorSummary title={sayPage('errorSummary')} problems={problems} />
      <p aria-live="polite" role="status" className="choice-status">
        {status}
      </p>
      <h3>{say('listHeading')}</h3>
      {listFailed && (
        <p role="alert" className="failed">
          {say('listFailed')}
        </p>
      )}
      {requests === undefined && !listFailed && <p>{sayPage('loading')}</p>}
      {requests && <RequestList requests={requests} who={who} language={language} say={say} />}
      {kinds.length > 0 && (
        <>
          <h3>{say('askHeading')}</h3>
          <p>{say('intro')}</p>
          <RequestForm
            key={formKey}
            kinds={kinds}
            purposes={purposes}
            say={say}
            busy={busy}
            problems={problems}
            onProblems={setProblems}
            onAsk={(ask) => send(ask)}
            impact={pending?.impact}
            onConfirm={() => pending && send(pending.ask, true)}
            onCancel={() => {
              setPending(undefined);
              setProblems([]);
              setStatus(say('cancelled'));
            }}
          />
        </>
      )}
    </section>
  );
}
