// What the notice publishes for everyone (EN-1, EN-14): the controller, its DPO and privacy
// contact, and how to complain, with the supervisory authority when the policy names one.
import type { ControllerNotice } from './api.ts';
import type { Say } from './i18n.ts';

/** Who is responsible, the DPO, and how to complain (EN-1, EN-14): what the notice publishes for everyone. */
export function About({
  notice,
  say,
  level = 2,
}: {
  notice: ControllerNotice;
  say: Say;
  /** 3 inside the signed-in view, under its own heading. */
  level?: 2 | 3;
}) {
  const H = level === 2 ? 'h2' : 'h3';
  const c = notice.controller;
  const authority = c.supervisoryAuthority;
  return (
    <>
      <section aria-labelledby="controller">
        <H id="controller">{say('controllerHeading')}</H>
        <dl>
          <dt>{say('name')}</dt>
          <dd>{c.name}</dd>
          <dt>{say('address')}</dt>
          <dd>{c.address}</dd>
          <dt>{say('privacyContact')}</dt>
          <dd>
            <a href={`mailto:${c.privacyContact}`}>{c.privacyContact}</a>
          </dd>
        </dl>
      </section>
      {c.dpo && (
        <section aria-labelledby="dpo">
          <H id="dpo">{say('dpoHeading')}</H>
          <Contact contact={c.dpo} say={say} />
        </section>
      )}
      <section aria-labelledby="complain">
        <H id="complain">{say('complainHeading')}</H>
        <p>{say('complainUs', { email: c.privacyContact })}</p>
        {authority ? (
          <>
            <p>{say('complain', { authority: authority.name })}</p>
            <Contact contact={authority} say={say} />
          </>
        ) : (
          <p>{say('complainAnywhere')}</p>
        )}
      </section>
    </>
  );
}

type ContactDetails = { name?: string; email?: string; address?: string; url?: string };

function Contact({ contact, say }: { contact: ContactDetails; say: Say }) {
  return (
    <dl>
      {contact.name && (
        <>
          <dt>{say('name')}</dt>
          <dd>{contact.name}</dd>
        </>
      )}
      {contact.email && (
        <>
          <dt>{say('email')}</dt>
          <dd>
            <a href={`mailto:${contact.email}`}>{contact.email}</a>
          </dd>
        </>
      )}
      {contact.address && (
        <>
          <dt>{say('address')}</dt>
          <dd>{contact.address}</dd>
        </>
      )}
      {contact.url && (
        <>
          <dt>{say('website')}</dt>
          <dd>
            <a href={contact.url} rel="noreferrer">
              {contact.url}
            </a>
          </dd>
        </>
      )}
    </dl>
  );
}
