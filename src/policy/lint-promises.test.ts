import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { POLICIES } from '../../test/support/policies.ts';
import type { PolicyDocument } from '../../test/support/policy-variant.ts';
import { formatProblem, parsePolicy } from './load.ts';

const FILE = 'policies/test.yaml';

/** The energy policy (it states every key checked here), changed by `edit`: its problems. */
function problemsOf(edit: (doc: PolicyDocument) => void) {
  const doc = parse(readFileSync('policies/energy-services.yaml', 'utf8')) as PolicyDocument;
  edit(doc);
  const r = parsePolicy(stringify(doc), FILE);
  return r.ok ? [] : r.problems.map((p) => ({ key: p.key, rule: p.rule, text: formatProblem(p) }));
}

describe('a policy states only promises Garde keeps', () => {
  it('every example policy passes these checks', () => {
    for (const file of POLICIES) {
      const r = parsePolicy(readFileSync(file, 'utf8'), file);
      expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([]);
    }
  });

  it('a product outside communications.domains is refused: it could never be marketed (EN-6(c))', () => {
    const problems = problemsOf((doc) => {
      doc.communications.domains = doc.communications.domains.filter((d: string) => d !== 'heating-cooling');
    });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.rule === 'marketing-domain')).toBe(true);
    expect(problems.map((p) => p.key)).toContain('products[heat-pump].domain');
    expect(problems[0]?.text).toContain('"heating-cooling"');
    // Without communications.domains, marketing is not limited by domain: nothing to refuse.
    expect(problemsOf((doc) => delete doc.communications.domains)).toEqual([]);
  });

  it('former customers who object are never contacted: unlessObjected: false is refused, citing Art. 21(3)', () => {
    const problems = problemsOf((doc) => {
      doc.communications.formerCustomers.unlessObjected = false;
    });
    expect(problems).toEqual([
      expect.objectContaining({
        key: 'communications.formerCustomers.unlessObjected',
        rule: 'former-objection',
      }),
    ]);
    expect(problems[0]?.text).toContain('Art. 21(3)');
  });

  it('Garde never tracks anonymous visitors: identifiedOnly: false is refused', () => {
    const doc = parse(readFileSync('policies/retail-bank.yaml', 'utf8')) as PolicyDocument;
    doc.tracking.identifiedOnly = false;
    const r = parsePolicy(stringify(doc), FILE);
    expect(r.ok ? [] : r.problems.map((p) => [p.key, p.rule])).toEqual([
      ['tracking.identifiedOnly', 'identified-only'],
    ]);
  });

  it('identity data verification does not need is never kept readable: redactUnneeded: false is refused', () => {
    let channel = '';
    const problems = problemsOf((doc) => {
      const c = doc.rights.channels.find((x: { redactUnneeded?: boolean }) => x.redactUnneeded);
      c.redactUnneeded = false;
      channel = c.id;
    });
    expect(problems.map((p) => [p.key, p.rule])).toEqual([
      [`rights.channels[${channel}].redactUnneeded`, 'redact-unneeded'],
    ]);
  });

  it('a processor is bound to its purposes (Art. 28(3)(a)); another recipient may say it is not', () => {
    const processor = problemsOf((doc) => {
      const r = doc.recipients.find((x: { kind: string }) => x.kind === 'processor');
      r.purposeBound = false;
    });
    expect(processor.map((p) => p.rule)).toEqual(['processor-purpose-bound']);
    expect(processor[0]?.text).toContain('Art. 28(3)(a)');
    const partner = problemsOf((doc) => {
      const r = doc.recipients.find((x: { kind: string }) => x.kind !== 'processor');
      r.purposeBound = false;
    });
    expect(partner).toEqual([]);
  });
});
