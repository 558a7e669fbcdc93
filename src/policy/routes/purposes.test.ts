import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/support/http.ts';

describe('GET /v1/policy/purposes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite');
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('publishes to anyone each purpose in the asked language: what for, legal basis in words, consent, and the channels of a per-channel consent', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/policy/purposes?language=fr' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('fr');
    const body = res.json() as {
      items: {
        id: string;
        description: string;
        legalBasisText: string;
        needsConsent: boolean;
        perChannel: boolean;
        channels: { id: string }[];
      }[];
    };
    const policy = t.deps.policy;
    expect(body.items.map((p) => p.id)).toEqual(policy.purposes.map((p) => p.id));
    for (const p of policy.purposes) {
      const item = body.items.find((x) => x.id === p.id);
      expect(item?.description).toBe(
        typeof p.description === 'string' ? p.description : (p.description.fr ?? item?.description),
      );
      expect(item?.needsConsent).toBe(p.legalBasis === 'consent');
      expect(item?.legalBasisText).not.toMatch(/^legalBasis\./);
      expect(item?.perChannel).toBe(p.legalBasis === 'consent' && Boolean(p.consent?.perChannel));
      if (!item?.perChannel) expect(item?.channels).toEqual([]);
    }
    const perChannel = body.items.filter((p) => p.perChannel);
    for (const p of perChannel) expect(p.channels.length).toBeGreaterThan(0);
  });

  it('refuses a malformed language with a 400 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/policy/purposes?language=french' });
    expect(res.statusCode).toBe(400);
  });
});
