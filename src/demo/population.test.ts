// The demo population comes from the policy (issue 13, part 3): its country, languages, the
// identity fields its categories list, its data subjects' lifecycles and its products. Pure:
// the generator's rows are read before anything is written.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parsePhoneNumber } from 'awesome-phonenumber';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { sealer } from '../platform/crypto.ts';
import { parsePolicy } from '../policy/load.ts';
import type { Policy } from '../policy/schema.ts';
import { generatePopulation, type Population } from './population.ts';

const NOW = new Date('2026-06-15T10:00:00.000Z');

function policyFrom(file: string, edit: (text: string) => string = (t) => t): Policy {
  const loaded = parsePolicy(edit(readFileSync(file, 'utf8')), file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.policy;
}

function populate(policy: Policy, subjects = 300): Population {
  return generatePopulation({ subjects, policy, sealer: sealer(randomBytes(32)), now: NOW });
}

/** The rows of a table as objects; undefined when the demo wrote no such table. */
function rows(population: Population, name: string): Record<string, unknown>[] | undefined {
  const t = population.find((x) => x.table === name);
  return t?.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]])));
}

/** Every text of a policy document (descriptions, titles, product names) as its English text. */
function inEnglish(node: unknown, key = ''): unknown {
  if (typeof node === 'string') return key === 'description' || key === 'title' ? { en: node } : node;
  if (Array.isArray(node)) return node.map((n) => inEnglish(n, key));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === 'name' && key === 'products' ? { en: v } : inEnglish(v, k),
    ]),
  );
}

// The Italian telecom, speaking Italian first, listing the person's language among its fields.
// It writes its texts in English and declares that Italian reads English where it has no text
// of its own, as `policy check` asks of a policy of two languages (src/policy/lint-languages.ts).
const italian = policyFrom('test/fixtures/telecom-policy.yaml', (t) => {
  const doc = parse(
    t.replace(
      '      - { name: country, sensitivity: normal }\n',
      (m) => `${m}      - { name: language, sensitivity: normal }\n`,
    ),
  ) as { policy: Record<string, unknown> };
  const out = inEnglish(doc) as typeof doc;
  out.policy = { ...out.policy, languages: ['it', 'en'], fallbacks: { it: 'en' } };
  return stringify(out);
});

describe('the demo population under a policy unlike the examples', () => {
  const population = populate(italian);
  const people = rows(population, 'identities') ?? [];

  it('people of an Italian controller have Italian mobile numbers, postal codes and country', () => {
    expect(people).toHaveLength(300);
    for (const p of people) {
      const phone = parsePhoneNumber(p.phone as string);
      expect(phone.valid, p.phone as string).toBe(true);
      expect(phone.regionCode).toBe('IT');
      expect(p.postal_code).toMatch(/^\d{5}$/);
      expect(p.country).toBe('IT');
      expect(p.street).toEqual(expect.any(String));
    }
  });

  it('people speak the declared languages, the first one most', () => {
    const it_ = people.filter((p) => p.language === 'it').length;
    const en = people.filter((p) => p.language === 'en').length;
    expect(it_ + en).toBe(people.length);
    expect(en).toBeGreaterThan(0);
    expect(it_).toBeGreaterThan(en);
  });

  it('an identity field no category lists is never written: no ID-card number, no IP address', () => {
    const columns = population.find((t) => t.table === 'identities')?.columns;
    expect(columns).not.toContain('id_card_enc');
    expect(columns).not.toContain('last_ip');
    expect(columns).toEqual(expect.arrayContaining(['given_name', 'phone', 'postal_code', 'language']));
  });

  it('a policy that keeps no installations gets none', () => {
    expect(rows(population, 'installations')).toBeUndefined();
  });

  it('the same policy and seed give the same people', () => {
    const again = rows(populate(italian), 'identities') ?? [];
    expect(again.map((p) => [p.given_name, p.phone, p.city])).toEqual(
      people.map((p) => [p.given_name, p.phone, p.city]),
    );
  });
});

describe('demo lifecycles come from the data subjects', () => {
  const lifecycles = (policy: Policy) =>
    new Set((rows(populate(policy), 'subjects') ?? []).map((s) => s.lifecycle as string));

  it('a policy without prospects gets none', () => {
    expect(lifecycles(policyFrom('test/fixtures/other-names-policy.yaml'))).toEqual(
      new Set(['customer', 'former']),
    );
    expect(lifecycles(policyFrom('policies/retail-bank.yaml'))).not.toContain('prospect');
  });

  it('a policy that declares prospects has them', () => {
    expect(lifecycles(italian)).toContain('prospect');
  });

  it('former customers come only where the policy keeps data after a contract ends', () => {
    const noAfterlife = policyFrom('test/fixtures/telecom-policy.yaml', (t) =>
      t.replaceAll('clock: contract-end', 'clock: last-contact').replace(/\n {2}- \{ id: leads.*\n/, '\n'),
    );
    expect(lifecycles(noAfterlife)).toEqual(new Set(['customer']));
  });
});

describe('a policy without a country', () => {
  const stateless = policyFrom('test/fixtures/telecom-policy.yaml', (t) => t.replace('  country: IT\n', ''));

  it('claims no country for anyone, and still gives everyone an address and a phone number', () => {
    for (const p of rows(populate(stateless), 'identities') ?? []) {
      expect(p.country).toBeNull();
      expect(p.phone).toMatch(/^\+?[0-9 ()./-]{4,32}$/);
      expect(p.city).toEqual(expect.any(String));
    }
  });
});

describe('installations', () => {
  const energy = policyFrom('policies/energy-services.yaml');

  it('are written where a category keeps them, for products of kind contract or service', () => {
    const products = new Map((energy.products ?? []).map((p) => [p.id, p.kind]));
    const installed = rows(populate(energy), 'installations') ?? [];
    expect(installed.length).toBeGreaterThan(0);
    for (const i of installed) expect(['contract', 'service']).toContain(products.get(i.kind as string));
    for (const i of installed) expect(i.installed_year as number).toBeLessThanOrEqual(NOW.getUTCFullYear());
  });

  it('are never written for accounts or insurance policies, whatever their domain', () => {
    const accounts = policyFrom('policies/energy-services.yaml', (t) =>
      t.replaceAll('kind: service }', 'kind: account }').replaceAll('kind: contract }', 'kind: insurance }'),
    );
    expect(rows(populate(accounts), 'installations')).toEqual([]);
  });
});
