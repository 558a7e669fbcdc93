// Art. 12(1): what the person reads is in a language the policy declares, whole. For each
// declared language, every translated text of the policy and every message of Garde it may show
// must exist in that language or in a fallback the policy declares for it; the policy's own
// messages (`texts:`) must be messages Garde has, in languages the policy declares, and valid.
import { messageProblem } from '../words/check.ts';
import { isMessageId, MESSAGE_IDS, type MessageId } from '../words/messages.ts';
import { BUILT_IN, declaredChain, type Localized, messageIn } from '../words/words.ts';
import type { LintFinding } from './lint-finding.ts';
import { type JsonSchema, publishedSchema } from './published-schema.ts';
import type { Policy } from './schema.ts';

type Path = (string | number)[];

export function languageFindings(p: Policy): LintFinding[] {
  return [...fallbackRules(p), ...suppliedMessages(p), ...policyTexts(p), ...gardeMessages(p)];
}

function fallbackRules(p: Policy): LintFinding[] {
  const declared = p.policy.languages;
  const out: LintFinding[] = [];
  for (const [from, to] of Object.entries(p.policy.fallbacks ?? {})) {
    const path = ['policy', 'fallbacks', from];
    const wrong = !declared.includes(from)
      ? `"${from}" is not a declared language (policy.languages)`
      : !declared.includes(to)
        ? `falls back on "${to}", which is not a declared language (policy.languages)`
        : declaredChain(p, to).includes(from)
          ? `falls back on "${to}", which falls back on "${from}": a loop`
          : null;
    if (wrong) out.push({ path, message: wrong, rule: 'language-fallback' });
  }
  return out;
}

function suppliedMessages(p: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [language, messages] of Object.entries(p.texts ?? {})) {
    if (!p.policy.languages.includes(language)) {
      out.push({
        path: ['texts', language],
        message: `words for "${language}", a language the policy does not declare (policy.languages)`,
        rule: 'language-texts',
      });
      continue;
    }
    for (const [id, source] of Object.entries(messages)) {
      const problem = isMessageId(id)
        ? messageProblem(id, source, language)
        : 'is no message of Garde (docs/policy-format.md lists them)';
      if (problem) out.push({ path: ['texts', language, id], message: problem, rule: 'language-texts' });
    }
  }
  return out;
}

/**
 * Plain text (not a map of languages) counts in every language only when the policy speaks one:
 * in a policy of several, Garde cannot know which language it is written in.
 */
function policyTexts(p: Policy): LintFinding[] {
  const declared = p.policy.languages;
  const out: LintFinding[] = [];
  for (const [path, value] of localizedTexts(publishedSchema(), p, [])) {
    if (typeof value === 'string') {
      if (declared.length > 1)
        out.push({
          path,
          message: `plain text in a policy that speaks ${declared.join(', ')}: write it per language ({ ${declared.map((l) => `${l}: ...`).join(', ')} })`,
          rule: 'language-complete',
        });
      continue;
    }
    for (const language of declared) {
      const chain = declaredChain(p, language);
      if (chain.some((l) => value[l] !== undefined)) continue;
      out.push({
        path,
        message: `no "${language}" text${chain.length > 1 ? ` (nor ${chain.slice(1).join(', ')}, its fallback)` : ''}`,
        rule: 'language-complete',
      });
    }
  }
  return out;
}

/** Every translated text of the policy with its path, found through the schema (anyOf text or map of languages). */
function* localizedTexts(schema: JsonSchema, value: unknown, path: Path): Generator<[Path, Localized]> {
  if (value === undefined || value === null) return;
  if (schema.anyOf?.some((s) => s.patternProperties?.['^[a-z]{2}$'])) {
    yield [path, value as Localized];
    return;
  }
  // A union of shapes (a transfer safeguard: a text or an object): the branch the value has.
  if (schema.anyOf) {
    const shape = Array.isArray(value) ? 'array' : typeof value;
    const branch = schema.anyOf.find((s) => s.type === shape);
    if (branch) yield* localizedTexts(branch, value, path);
    return;
  }
  if (Array.isArray(value) && schema.items) {
    for (const [i, item] of value.entries()) yield* localizedTexts(schema.items, item, [...path, i]);
    return;
  }
  if (typeof value !== 'object' || !schema.properties) return;
  for (const [key, child] of Object.entries(schema.properties))
    yield* localizedTexts(child, (value as Record<string, unknown>)[key], [...path, key]);
}

/** Messages a policy can make Garde say: interests and the tracker only with tracking, offers only with products. */
export function neededMessages(p: Policy): MessageId[] {
  return MESSAGE_IDS.filter((id) => {
    if (id.startsWith('interests.') || id.startsWith('trackerDemo.')) return p.tracking !== undefined;
    if (id.startsWith('offers.')) return (p.products ?? []).length > 0;
    return true;
  });
}

function gardeMessages(p: Policy): LintFinding[] {
  const needed = neededMessages(p);
  const out: LintFinding[] = [];
  p.policy.languages.forEach((language, i) => {
    const chain = declaredChain(p, language);
    const missing = needed.filter((id) => !chain.some((l) => messageIn(p, l, id) !== undefined));
    if (missing.length === 0) return;
    // A language nobody gave any words for: one finding, not one per message.
    if (!chain.some((l) => BUILT_IN[l] || p.texts?.[l])) {
      out.push({
        path: ['policy', 'languages', i],
        message: `Garde has no words in "${language}": supply its ${needed.length} messages under texts.${language} (docs/policy-format.md), or declare a fallback (policy.fallbacks.${language})`,
        rule: 'language-complete',
      });
      return;
    }
    for (const id of missing)
      out.push({
        path: ['texts', language, id],
        message: `no "${language}" text for message "${id}"${chain.length > 1 ? ` (nor in ${chain.slice(1).join(', ')})` : ''}`,
        rule: 'language-complete',
      });
  });
  return out;
}
