// Issue 17: every policy's notice, in every language it declares, leaves no raw id, code,
// duration or placeholder in the text a person reads. The ids are collected from the policy
// itself (every identifier-shaped value: purposes, categories, fields, recipients, channels,
// sources, entities, rules, classes, topics...), the codes from Garde's own lists; none is typed
// here. An id that is also an ordinary word is exempt only where that word is ordinary in the
// notice's language: the policy's own texts in that language, or Garde's words in it, use it.
import { beforeAll, describe, expect, it } from 'vitest';
import { POLICIES } from '../../test/support/policies.ts';
import { loadPolicyFile } from '../policy/load.ts';
import {
  CHANNEL_REQUIREMENTS,
  LEGAL_BASES,
  LIFECYCLES,
  type Policy,
  RECIPIENT_KINDS,
  RETENTION_CLOCKS,
  RIGHTS,
} from '../policy/schema.ts';
import { DEROGATIONS, SPECIAL_KINDS, TRANSFER_MECHANISMS } from '../policy/schema-detail.ts';
import { MESSAGE_IDS } from '../words/messages.ts';
import { BUILT_IN, localized, wordsIn } from '../words/words.ts';
import { renderNoticeHtml } from './html.ts';
import { renderNoticeMarkdown } from './markdown.ts';
import { noticeOf } from './notice.ts';

const ID = /^[a-z][a-zA-Z0-9-]*$/;
const TOKEN = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const ADDRESSES = /https?:\/\/\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const DURATION = /\bP(?:\d+[YMWD])+(?:T\d+[HMS])*\b|\bPT\d+[HMS]\b/;

const isLanguageMap = (v: object) =>
  Object.keys(v).length > 0 && Object.keys(v).every((k) => /^[a-z]{2}$/.test(k));

/** Every identifier-shaped value of the policy (its ids and references), and its country codes. */
function idsOf(policy: Policy): { ids: Set<string>; countries: Set<string> } {
  const ids = new Set<string>();
  const countries = new Set<string>();
  const walk = (node: unknown, key: string) => {
    if (typeof node === 'string') {
      if (key === 'country') countries.add(node);
      else if (ID.test(node)) ids.add(node);
    } else if (Array.isArray(node)) for (const x of node) walk(x, key);
    else if (node && typeof node === 'object' && !isLanguageMap(node))
      for (const [k, v] of Object.entries(node)) if (k !== 'texts') walk(v, k);
  };
  walk(policy, '');
  return { ids, countries };
}

/** The policy's own texts in `language` (its descriptions, names, periods...): its ordinary words. */
function policyTexts(policy: Policy, language: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') {
      if (!ID.test(node)) out.push(node);
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (isLanguageMap(node)) out.push(localized(policy, node as Record<string, string>, language));
      else Object.values(node).forEach(walk);
    }
  };
  walk(policy);
  return out;
}

// An article's paragraphs and points ("Art. 9(2)(a)") are citations, not the policy's letters.
const CITATION = /\((?:\d{1,2}|[a-z])\)/g;

const tokens = (text: string) =>
  new Set(text.replace(ADDRESSES, ' ').replace(CITATION, ' ').match(TOKEN) ?? []);

/** What a person reads on the page: the HTML without its markup, its entities decoded. */
const visible = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(
      /&(amp|lt|gt|quot|#39);/g,
      (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e as string] ?? '',
    );

const CODES = [
  ...LEGAL_BASES,
  ...RETENTION_CLOCKS,
  ...RIGHTS,
  ...RECIPIENT_KINDS,
  ...LIFECYCLES,
  ...CHANNEL_REQUIREMENTS,
  ...TRANSFER_MECHANISMS,
  ...DEROGATIONS,
  ...SPECIAL_KINDS,
];

// The example policies, and the test fixtures that name things otherwise (another sector's ids).
const FIXTURES = ['test/fixtures/other-names-policy.yaml', 'test/fixtures/telecom-policy.yaml'];

describe.each([...POLICIES, ...FIXTURES])('the notice of %s', (file) => {
  let policy: Policy;
  beforeAll(async () => {
    const loaded = await loadPolicyFile(file);
    if (!loaded.ok) throw new Error(`${file} does not load`);
    policy = loaded.policy;
  });

  it('shows, in every language it declares, no raw id, code, duration, message id or placeholder', () => {
    const { ids, countries } = idsOf(policy);
    for (const language of policy.policy.languages) {
      const n = noticeOf(policy, language);
      const page = visible(renderNoticeHtml(n, { languageHref: (l) => `/notice?lang=${l}` }));
      const md = renderNoticeMarkdown(n);
      // Garde's citations of the Regulation ("Art. 9 Abs. 2 lit. a DSGVO") are not the policy's letters.
      const w = wordsIn(policy, language);
      const citations = [
        ...'abcdef'.split('').map((point) => w.say('notice.article', { article: 6, paragraph: 1, point })),
        ...'abcdefghij'
          .split('')
          .map((point) => w.say('notice.article', { article: 9, paragraph: 2, point })),
      ];
      const seen = tokens(citations.reduce((text, cite) => text.replaceAll(cite, ' '), page));
      const ordinary = tokens(
        [
          ...policyTexts(policy, language),
          ...Object.values(BUILT_IN[language] ?? {}),
          ...Object.values(policy.texts?.[language] ?? {}),
        ].join(' '),
      );
      const raw = [...ids, ...CODES].filter((id) => seen.has(id) && !ordinary.has(id));
      expect(raw, `${language}: ids or codes in the text`).toEqual([]);
      expect(
        [...countries].filter((c) => seen.has(c)),
        `${language}: country codes`,
      ).toEqual([]);
      for (const text of [page, md]) {
        expect(text, `${language}: an ISO 8601 duration`).not.toMatch(DURATION);
        expect(text.replace(/\{#[\w-]+\}/g, ''), `${language}: a placeholder`).not.toMatch(/\{\w+\}/);
        expect(
          MESSAGE_IDS.filter((m) => text.includes(m)),
          `${language}: a message id`,
        ).toEqual([]);
      }
      expect(n.language).toBe(language);
    }
  });

  it('covers every purpose, category and recipient of the policy, in its own words', () => {
    for (const language of policy.policy.languages) {
      const text = visible(renderNoticeHtml(noticeOf(policy, language)));
      for (const x of [...policy.purposes, ...policy.categories])
        expect(text, `${language}: ${x.id}`).toContain(localized(policy, x.description, language));
      for (const r of policy.recipients) expect(text).toContain(r.name);
    }
  });
});
