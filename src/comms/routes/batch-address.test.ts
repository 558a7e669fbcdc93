// A campaign's batch carries what its channel's kind of address needs, for any channel id
// (issue 13, part 3): under test/fixtures/telecom-policy.yaml a text-message channel (`sms`,
// address: phone) and a doorstep channel (`doorstep`, address: postal) declare no batch.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { createAndSend } from '../../../test/support/campaigns.ts';
import { type TestApp, testApp } from '../../../test/support/http.ts';
import { recordConsent } from '../../consent/consent.ts';
import { createSubject } from '../../subjects/subjects.ts';

const who = { actor: 'test', role: 'admin' as const };
const identity = {
  givenName: 'Giulia',
  familyName: 'Bianchi',
  phone: '+39 02 1234 5678',
  email: 'giulia@example.it',
  street: 'Via Verdi 3',
  postalCode: '20121',
  city: 'Milano',
  country: 'IT',
  language: 'it',
};

describe.each(BACKENDS)('batches of channels no example declares, on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  let id: string;
  beforeAll(async () => {
    t = await testApp(backend, { policy: 'test/fixtures/telecom-policy.yaml' });
    dir = await mkdtemp(join(tmpdir(), 'garde-batch-'));
    t.deps.config.dataDir = dir;
    id = (
      await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01', identity }, 'test')
    ).id;
    await recordConsent(t.deps, id, { purpose: 'mobile-offers', channel: 'sms', state: 'given' }, who);
    await recordConsent(t.deps, id, { purpose: 'offers', state: 'given' }, who);
  });
  afterAll(async () => {
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const send = (channel: string, purpose: string) =>
    createAndSend(t, {
      name: channel,
      purpose,
      channel,
      messageClass: 'promotion',
      sender: 'rete',
      contentRef: `${channel}-2026`,
      audience: {},
    });
  const rows = async (file: string) => JSON.parse(await readFile(join(dir, file), 'utf8')) as object[];

  it('a text-message batch carries the phone number, and nothing else of the person', async () => {
    const sent = await send('sms', 'mobile-offers');
    expect(sent.sent).toBe(1);
    expect(await rows(sent.file)).toEqual([
      { subject_id: id, phone: identity.phone, template: 'sms-2026', campaign: sent.id },
    ]);
  });

  it('a doorstep batch carries the name and the postal address, and nothing else of the person', async () => {
    const sent = await send('doorstep', 'offers');
    expect(sent.sent).toBe(1);
    expect(await rows(sent.file)).toEqual([
      {
        subject_id: id,
        given_name: identity.givenName,
        family_name: identity.familyName,
        street: identity.street,
        postal_code: identity.postalCode,
        city: identity.city,
        country: identity.country,
        template: 'doorstep-2026',
        campaign: sent.id,
      },
    ]);
  });
});
