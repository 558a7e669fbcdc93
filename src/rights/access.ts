// Art. 15 access report: every datum held, by category, with the purposes and legal bases that
// use it, its recipients, retention, sources, the profiling logic, the inferred interests, the
// subject's rights and where to complain. Pure: built from collected data and the policy.

import type { Static } from 'typebox';
import { featureNames, modelPurpose, rankingBasis } from '../interests/model.ts';
import { isLegalObligation, purposesOf } from '../policy/retention-rules.ts';
import { rightsDeadline, rightsExtension } from '../policy/rights-defaults.ts';
import type { Policy, Purpose } from '../policy/schema.ts';
import { clockWords } from '../retention/clock-words.ts';
import { isMessageId } from '../words/messages.ts';
import { type Words, wordsIn } from '../words/words.ts';
import type { StoreData } from './data.ts';
import type { AccessReportView } from './report-schema.ts';

/** The report's shape is declared once, as the API serves it (report-schema.ts). */
export type AccessReport = Static<typeof AccessReportView>;

/** Garde's own bookkeeping categories, in the reader's words (`bookkeeping.<id>`). */
function bookkeeping(words: Words, id: string): string {
  const message = `bookkeeping.${id}`;
  return isMessageId(message) ? words.say(message) : id;
}

/** The report in `language`, a language the policy declares (src/words/words.ts answerLanguage). */
export function accessReport(
  policy: Policy,
  subjectId: string,
  data: readonly StoreData[],
  now: Date,
  language: string,
): AccessReport {
  const words = wordsIn(policy, language);
  const text = words.text;
  const byCategory = new Map<string, StoreData[]>();
  for (const d of data) {
    if (d.rows.length === 0) continue;
    byCategory.set(d.category, [...(byCategory.get(d.category) ?? []), d]);
  }
  const rules = (category: string) => policy.retention.filter((r) => r.category === category);
  const categories = [...byCategory].map(([id, stores]) => {
    const declared = policy.categories.find((c) => c.id === id);
    return {
      id,
      description: declared ? text(declared.description) : bookkeeping(words, id),
      records: stores.reduce((n, s) => n + s.rows.length, 0),
      data: Object.fromEntries(stores.map((s) => [s.store.table, s.rows])),
      sources: (declared?.sources ?? []).map((sid) => {
        const src = policy.sources?.find((s) => s.id === sid);
        return src ? text(src.description) : sid;
      }),
      purposes: policy.purposes
        .filter((p) => p.categories.includes(id))
        .map((p) => ({ id: p.id, description: text(p.description), legalBasis: p.legalBasis })),
      recipients: policy.recipients
        .filter((r) => r.categories.includes(id))
        .map((r) => ({
          id: r.id,
          name: r.name,
          kind: r.kind,
          ...(r.country ? { country: r.country } : {}),
          ...(r.fields ? { fields: r.fields } : {}),
        })),
      retention: rules(id).map((r) => ({
        rule: r.id,
        ...(r.duration ? { duration: r.duration } : {}),
        ...(r.period ? { period: text(r.period) } : {}),
        ...(r.clock ? { clock: r.clock, since: clockWords(policy, r.clock, words) } : {}),
        ...(r.purposes
          ? { purposes: purposesOf(policy, r).map((p) => ({ id: p.id, description: text(p.description) })) }
          : {}),
        legalObligation: isLegalObligation(policy, r),
      })),
      retentionStated: retentionStated(
        rules(id).length > 0,
        stores.every((s) => s.store.erase === 'subject'),
      ),
    };
  });
  const interests = data.find((d) => d.store.table === 'interests')?.rows ?? [];
  const dpo = dpoContact(policy);
  const authority = policy.controller.supervisoryAuthority;
  return {
    generatedAt: now.toISOString(),
    language,
    policy: { id: policy.policy.id, version: policy.policy.version },
    controller: {
      name: policy.controller.name,
      address: policy.controller.address,
      privacyContact: policy.controller.privacyContact,
      ...(dpo ? { dpo } : {}),
    },
    subjectId,
    categories,
    profiling: policy.purposes
      .filter((p) => p.profiling)
      .map((p) => ({
        purpose: p.id,
        description: text(p.description),
        logic: profilingLogic(policy, p, words),
      })),
    interests,
    rights: {
      supported: [...policy.rights.supported],
      channels: policy.rights.channels.map((c) => c.id),
      deadline: rightsDeadline(policy.rights),
      extension: rightsExtension(policy.rights),
      ...(authority
        ? {
            complaint: {
              authority: authority.name,
              ...(authority.url ? { url: authority.url } : {}),
              ...(authority.email ? { email: authority.email } : {}),
              ...(authority.address ? { address: authority.address } : {}),
            },
          }
        : {}),
    },
  };
}

/**
 * Art. 13(2)(f), 15(1)(h): the logic of a profiling purpose, in the policy's own words: the data
 * its categories name; what Garde computes under it (interest scores per tracked topic, when it
 * is the tracking purpose; the ranking of the policy's products, when the offer model profiles
 * under it), and nothing Garde does not do.
 */
function profilingLogic(policy: Policy, p: Purpose, words: Words): string {
  const data = p.categories.map((id) => {
    const c = policy.categories.find((x) => x.id === id);
    return c ? words.text(c.description) : id;
  });
  const parts = [words.say('report.dataUsed', { categories: data.join('; ') })];
  const mayObject = words.say('report.mayObject');
  if (p.model === 'none') return [...parts, words.say('report.noModelLogic'), mayObject].join(' ');
  const tracking = policy.tracking;
  if (tracking && tracking.consentPurpose === p.id) {
    const topics = [...new Set(tracking.eventKinds.flatMap((k) => k.topics ?? []))];
    parts.push(words.say('report.interestLogic', { topics: topics.join(', ') }));
  }
  const products = policy.products ?? [];
  if (modelPurpose(policy)?.id === p.id && products.length > 0) {
    parts.push(
      words.say('report.offerLogic', {
        products: products.map((x) => words.text(x.name)).join(', '),
        basis: rankingBasis(words, featureNames(policy)),
      }),
    );
  }
  return [...parts, mayObject].join(' ');
}

/**
 * Art. 15(1)(d): a rule states the period; the subject's own record lives as long as the
 * relationship; anything else is kept with no period the notice states, and Garde says so
 * rather than invent one.
 */
function retentionStated(ruled: boolean, subjectRecord: boolean): 'rule' | 'relationship' | 'not-stated' {
  if (ruled) return 'rule';
  return subjectRecord ? 'relationship' : 'not-stated';
}

/** Art. 13(1)(b), 15: the data protection officer's own contact, when the policy names one. */
function dpoContact(policy: Policy) {
  const dpo = policy.controller.dpo;
  if (!dpo) return undefined;
  return {
    ...(dpo.name ? { name: dpo.name } : {}),
    email: dpo.email,
    ...(dpo.address ? { address: dpo.address } : {}),
    ...(dpo.url ? { url: dpo.url } : {}),
  };
}
