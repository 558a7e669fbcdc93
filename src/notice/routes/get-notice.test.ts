// GET /notice: anyone reads the notice in force, in the language asked, else the one their
// browser prefers among the policy's, else the policy's first (Art. 12(1)).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_PURPOSE, HOSTILE_PURPOSE_MD, hostileBank } from '../../../test/support/hostile-policy.ts';
import { type TestApp, testApp } from '../../../test/support/http.ts';

describe('the privacy notice at /notice (bank policy: fr, nl, en)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite', { policy: 'policies/retail-bank.yaml' });
  });
  afterAll(() => t.dispose());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  it('answers a page in the language asked, with no key, and links the other declared languages', async () => {
    const res = await get('/notice?lang=nl');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-language']).toBe('nl');
    expect(res.body).toContain('<html lang="nl">');
    expect(res.body).toContain(
      '<h1>Registratie en commercieel gebruik van klantgegevens op onze websites</h1>',
    );
    expect(res.body).toContain('versie 2026-11, van kracht sinds 1 november 2026');
    expect(res.body).toContain('<a href="/notice?lang=fr" hreflang="fr" lang="fr">Français</a>');
    expect(res.body).toContain('<a href="/notice?lang=en" hreflang="en" lang="en">English</a>');
    expect(res.body).not.toContain('href="/notice?lang=nl"');
  });

  it('follows Accept-Language without ?lang=, and the policy’s first language when nothing asked is declared', async () => {
    expect((await get('/notice', { 'accept-language': 'de-DE, en;q=0.8' })).headers['content-language']).toBe(
      'en',
    );
    expect((await get('/notice')).headers['content-language']).toBe('fr');
    // A language code the policy does not declare is passed over, as every language parameter is.
    const other = await get('/notice?lang=xx', { 'accept-language': 'nl' });
    expect(other.statusCode).toBe(200);
    expect(other.headers['content-language']).toBe('nl');
  });

  it('refuses a lang that is not a language tag, or an unknown format, as problem+json', async () => {
    for (const url of [
      '/notice?lang=english',
      '/notice?format=pdf',
      '/notice?lang=en&lang=fr',
      '/notice?lang=%3Cscript%3E',
      '/notice?lang=e%ZZ',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('ignores parameters it does not know, as a page linked from e-mails and other sites gets them (utm_source, fbclid)', async () => {
    for (const url of [
      '/notice?lang=nl&utm_source=mail&utm_medium=email&utm_campaign=2026-11',
      '/notice?fbclid=IwAR0abc-DEF_123&lang=nl',
      '/notice?lang=nl&gclid=x&ref=&&=&x[y]=1',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-language'], url).toBe('nl');
    }
    const md = await get('/notice?format=md&lang=en&utm_source=newsletter');
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.headers['content-language']).toBe('en');
  });

  it('reads lang as a language tag in any case, its primary language counting (EN, fr-BE, NL_be)', async () => {
    const cases: [string, string][] = [
      ['EN', 'en'],
      ['En', 'en'],
      ['fr-BE', 'fr'],
      ['NL_be', 'nl'],
      ['en-Latn-GB', 'en'],
    ];
    for (const [lang, language] of cases) {
      const res = await get(`/notice?lang=${lang}`, { 'accept-language': 'nl' });
      expect(res.statusCode, lang).toBe(200);
      expect(res.headers['content-language'], lang).toBe(language);
      expect(res.body, lang).toContain(`<html lang="${language}">`);
    }
    // A well-formed tag of a language the policy does not declare: negotiated as before.
    const other = await get('/notice?lang=DE-de', { 'accept-language': 'en' });
    expect(other.statusCode).toBe(200);
    expect(other.headers['content-language']).toBe('en');
  });

  it('serves the same notice as Markdown with format=md', async () => {
    const res = await get('/notice?lang=en&format=md');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-language']).toBe('en');
    expect(res.body.startsWith('# Recording and commercial use of customer data from our websites\n')).toBe(
      true,
    );
    expect(res.body).toContain('[Français](/notice?lang=fr&format=md)');
    expect(res.body).toContain('| Browsing behaviour after login | 1 year from when it happened |');
  });

  it('is served under a CSP that lets its one inline stylesheet apply and runs no script', async () => {
    const res = await get('/notice?lang=en');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/style-src [^;]*'unsafe-inline'/);
    expect(csp).toMatch(/script-src 'self'/);
    expect(res.body).not.toContain('<script');
  });
});

describe('the privacy notice at /notice of a policy whose text tries to become markup (E18)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite', { policy: await hostileBank() });
  });
  afterAll(() => t.dispose());

  it('serves Markdown with no raw HTML or markup from the policy’s text, even inside a web address', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/notice?format=md&lang=en' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`### ${HOSTILE_PURPOSE_MD}\n`);
    expect(res.body).not.toMatch(/(?<!\\)<(script|img|b>|\/)/);
  });

  it('serves the page with that text escaped, the web address alone a link', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/notice?lang=en' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/<script|<img|<b>/);
    expect(res.body).not.toContain(HOSTILE_PURPOSE);
    expect(res.body).toContain(
      '<a href="https://a.example/x">https://a.example/x</a>&lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });
});
