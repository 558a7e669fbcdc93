// The privacy notice (GDPR Art. 13 and 14), generated from the policy, so what is published
// never drifts from what is enforced. Pure: a structured document in one language the policy
// declares, every word from Garde's catalogues (src/words/) or the policy's own localized
// texts; the renderers (html.ts, markdown.ts, pdf.ts) only lay it out. Where the Regulation asks
// a notice to state something the policy leaves unsaid, the notice says so ("not stated"),
// never invents it.
import { effectiveDateWords } from '../policy/effective-date.ts';
import type { Policy } from '../policy/schema.ts';
import type { MessageArgs, MessageId } from '../words/messages.ts';
import { localeOf, type Words, wordsIn } from '../words/words.ts';
import { categoriesSection, decisionsSection, purposesSection } from './purposes.ts';
import { recipientsSection, transfersSection } from './recipients.ts';
import { complaintSection, gapsSection, rightsSection, securitySection } from './rights.ts';
import { communicationsSection, retentionSection, trackingSection } from './storage.ts';
import { controllerSection, dpoSection } from './who.ts';

/** A table cell: a text, or several (a list in the cell). */
export type Cell = string | string[];

/** A block of a section: text is plain (renderers escape it and link e-mail addresses and URLs). */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; head: string[]; rows: Cell[][] };

/** A section of the notice; `id` is its anchor (Garde's own, never a policy id). */
export type Section = { id: string; heading: string; blocks: Block[]; sections: Section[] };

export type Notice = {
  /** The language of every word (one the policy declares). */
  language: string;
  /** The languages the policy declares, its first first. */
  languages: readonly string[];
  /** The policy's title in this language (Art. 12(1)), without its id. */
  title: string;
  controller: string;
  version: string;
  /** YYYY-MM-DD or YYYY-MM, as the policy states it. */
  effectiveFrom: string;
  /** "{title}, version {version}, in force since {date}." */
  versionLine: string;
  /** Labels the renderers need: the table of contents, the other languages. */
  labels: { contents: string; otherLanguages: string };
  sections: Section[];
};

/** What every section builder gets: the policy and its words in the notice's language. */
export type Ctx = {
  policy: Policy;
  w: Words;
  say: (id: MessageId, args?: MessageArgs) => string;
  /** A label of one of the policy's codes: `legalBasis.consent`, `notice.lifecycle.former`, ... */
  code: (prefix: string, code: string) => string;
};

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const list = (items: readonly string[]): Block => ({ kind: 'list', items: [...items] });
export const section = (id: string, heading: string, blocks: Block[], sections: Section[] = []): Section => ({
  id,
  heading,
  blocks,
  sections,
});

/** The descriptions of the purposes with these ids, in the policy's order. */
export const purposeNames = (c: Ctx, ids: readonly string[]) =>
  c.policy.purposes.filter((p) => ids.includes(p.id)).map((p) => c.w.text(p.description));

/** The descriptions of the categories with these ids, in the policy's order. */
export const categoryNames = (c: Ctx, ids: readonly string[]) =>
  c.policy.categories.filter((x) => ids.includes(x.id)).map((x) => c.w.text(x.description));

/** A country by its name in the notice's language (ISO 3166-1 code in, never out). */
export function countryName(c: Ctx, code: string): string {
  try {
    return new Intl.DisplayNames([c.w.language, 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A label at the start of a line: its first letter in capitals, as the language writes it. */
export const capitalised = (c: Ctx, s: string) => s.charAt(0).toLocaleUpperCase(c.w.language) + s.slice(1);

/** A point of an article of the Regulation as the notice's language cites it: "Art. 6(1)(a) GDPR", "Art. 6 Abs. 1 lit. a DSGVO". */
export const article = (c: Ctx, article: number, paragraph: number, point: string) =>
  c.say('notice.article', { article, paragraph, point });

/** The notice of `policy` in `language` (a language it declares: answerLanguage chooses). */
export function noticeOf(policy: Policy, language: string): Notice {
  const w = wordsIn(policy, language);
  // A name that ends its own abbreviation ("S.p.A.") ends the sentence too: no second full stop.
  const say: Ctx['say'] = (id, args) => w.say(id, args).replace(/(\.)\.(?=\s|$)/g, '$1');
  const c: Ctx = { policy, w, say, code: (prefix, code) => say(`${prefix}.${code}` as MessageId) };
  const title = w.text(policy.policy.title);
  const sections = [
    controllerSection(c),
    dpoSection(c),
    purposesSection(c),
    categoriesSection(c),
    recipientsSection(c),
    transfersSection(c),
    retentionSection(c),
    trackingSection(c),
    communicationsSection(c),
    decisionsSection(c),
    rightsSection(c),
    complaintSection(c),
    securitySection(c),
    gapsSection(c),
  ].filter((s): s is Section => s !== undefined);
  return {
    language: w.language,
    languages: [...policy.policy.languages],
    title,
    controller: policy.controller.name,
    version: policy.policy.version,
    effectiveFrom: String(policy.policy.effectiveFrom),
    versionLine: w.say('notice.version', {
      title,
      version: policy.policy.version,
      date: effectiveDateWords(String(policy.policy.effectiveFrom), localeOf(w.language)),
    }),
    labels: { contents: w.say('notice.contents'), otherLanguages: w.say('notice.otherLanguages') },
    sections,
  };
}

/** Every piece of text a person reads in the notice, in order (for tests and plain-text uses). */
export function noticeText(n: Notice): string[] {
  const out = [n.title, n.versionLine, n.labels.contents];
  const walk = (s: Section) => {
    out.push(s.heading);
    for (const b of s.blocks) {
      if (b.kind === 'paragraph') out.push(b.text);
      else if (b.kind === 'list') out.push(...b.items);
      else out.push(b.caption, ...b.head, ...b.rows.flat(2));
    }
    s.sections.forEach(walk);
  };
  n.sections.forEach(walk);
  return out;
}
