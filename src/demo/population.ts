// A realistic, deterministic demo population drawn from the policy: its data subjects'
// lifecycles (lifecycles.ts), its languages and its controller's country (locales.ts), only the
// identity fields it lists (identities.ts), contracts, invoices and holdings of its products,
// and installations where a category keeps them. Rows come out ready for COPY, so seeding is
// set-based.
import { base, Faker } from '@faker-js/faker';
import { claimantOf } from '../datasets/storage.ts';
import type { Sealer } from '../platform/crypto.ts';
import type { Policy, Product } from '../policy/schema.ts';
import { identityRows } from './identities.ts';
import { demoLifecycles, lifecycleAt } from './lifecycles.ts';
import { type DemoLocale, demoLocales } from './locales.ts';

export type Table = { table: string; columns: string[]; rows: unknown[][] };
export type Population = Table[];

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Products that come with an installation at the person's (equipment installed, serviced, read),
 * when a category keeps installations: those of kind `contract` or `service`. Accounts and
 * insurance policies install nothing. The policy says no more than this about equipment.
 */
export const INSTALLED_KINDS: readonly Product['kind'][] = ['contract', 'service'];

export function generatePopulation(opts: {
  subjects: number;
  policy: Policy;
  sealer: Sealer;
  now: Date;
  seed?: number;
}): Population {
  const seed = opts.seed ?? 2026;
  const locales = demoLocales(opts.policy, seed);
  // Draws that speak no language (who is who, lifecycles, contracts) come from one faker.
  const pick = new Faker({ locale: [base] });
  pick.seed(seed - 1);
  // Customer numbers come from a faker of their own, so adding them moved no other draw.
  const numbers = new Faker({ locale: [base] });
  numbers.seed(seed - 2);
  const customerNumbers = new Set<string>();
  const products = opts.policy.products ?? [];
  const lifecycles = demoLifecycles(opts.policy);
  const identities = identityRows(opts);
  // Only what the policy says Garde keeps (a bank that keeps no invoices gets none).
  const kept = (name: string) => name === 'subjects' || claimantOf(opts.policy, name) !== undefined;
  const t = {
    subjects: table('subjects', [
      'id',
      'external_ref',
      'lifecycle',
      'customer_since',
      'customer_from',
      'left_at',
      'contract_ended_on',
      'last_contact_at',
      'created_at',
    ]),
    identities: table('identities', identities.columns),
    contracts: table('contracts', [
      'id',
      'subject_id',
      'product_code',
      'started_on',
      'ended_on',
      'monthly_price_cents',
    ]),
    billing: table('billing_records', [
      'id',
      'subject_id',
      'contract_id',
      'invoice_date',
      'amount_cents',
      'paid_on',
      'status',
    ]),
    holdings: table('holdings', ['id', 'subject_id', 'product_code', 'account_ref', 'held_since']),
    installations: table('installations', [
      'id',
      'subject_id',
      'kind',
      'serial_number',
      'installed_year',
      'house_build_year',
    ]),
  };
  const installed = kept('installations') ? products.filter((p) => INSTALLED_KINDS.includes(p.kind)) : [];
  const now = opts.now.getTime();
  for (let i = 0; i < opts.subjects; i++) {
    const locale = localeAt(locales, pick.number.float());
    const id = pick.string.uuid();
    const lifecycle = lifecycleAt(lifecycles, pick.number.float());
    const since = new Date(now - pick.number.int({ min: 60, max: 15 * 365 }) * DAY);
    let endedOn: string | null = null;
    if (lifecycle !== 'prospect' && products.length > 0) {
      endedOn = addContracts(t, pick, { products, installed }, id, since, lifecycle === 'former', now);
    }
    const lastContact =
      lifecycle === 'prospect' ? new Date(now - pick.number.int({ min: 1, max: 540 }) * DAY) : null;
    t.subjects.rows.push([
      id,
      lifecycle === 'prospect' ? null : customerNumber(numbers, customerNumbers),
      lifecycle,
      lifecycle === 'prospect' ? null : iso(since),
      lifecycle === 'prospect' ? null : new Date(`${iso(since)}T00:00:00.000Z`),
      endedOn ? new Date(new Date(`${endedOn}T00:00:00.000Z`).getTime() + DAY) : null,
      endedOn,
      lastContact,
      new Date(since.getTime()),
    ]);
    t.identities.rows.push(identities.row(id, locale));
  }
  // An invoice whose contract is not kept loses the link, not the invoice.
  if (!kept('contracts')) for (const row of t.billing.rows) row[2] = null;
  return Object.values(t).filter((x) => kept(x.table));
}

/**
 * A customer's number in the controller's systems (a subject's externalRef): ten digits, one per
 * person. The demo's core system finds its customers by it (demo/core.ts).
 */
function customerNumber(f: Faker, taken: Set<string>): string {
  for (;;) {
    const n = f.string.numeric({ length: 10, allowLeadingZeros: false });
    if (taken.has(n)) continue;
    taken.add(n);
    return n;
  }
}

/** The locale whose share covers the draw `x` in [0, 1). */
function localeAt(locales: readonly DemoLocale[], x: number): DemoLocale {
  let left = x;
  for (const l of locales) {
    left -= l.share;
    if (left < 0) return l;
  }
  return locales[locales.length - 1] as DemoLocale;
}

function table(name: string, columns: string[]): Table {
  return { table: name, columns, rows: [] };
}

type Tables = Record<'contracts' | 'billing' | 'holdings' | 'installations', Table>;
type Offer = { products: Product[]; installed: Product[] };

/** Returns the end date of the last contract for a former customer. */
function addContracts(
  t: Tables,
  f: Faker,
  { products, installed }: Offer,
  subjectId: string,
  since: Date,
  former: boolean,
  now: number,
): string | null {
  const count = f.number.int({ min: 1, max: Math.min(3, products.length) });
  const chosen = f.helpers.arrayElements(products, count);
  let lastEnd: string | null = null;
  for (const product of chosen) {
    const start = new Date(since.getTime() + f.number.int({ min: 0, max: 60 }) * DAY);
    const end = former
      ? new Date(Math.min(now - DAY, start.getTime() + f.number.int({ min: 90, max: 3000 }) * DAY))
      : null;
    const endIso = end ? iso(end) : null;
    if (endIso && (!lastEnd || endIso > lastEnd)) lastEnd = endIso;
    const contractId = f.string.uuid();
    const price = f.number.int({ min: 500, max: 12_000 });
    t.contracts.rows.push([contractId, subjectId, product.id, iso(start), endIso, price]);
    t.holdings.rows.push([
      f.string.uuid(),
      subjectId,
      product.id,
      `${product.kind}-${f.string.alphanumeric(8).toUpperCase()}`,
      iso(start),
    ]);
    addInvoices(t, f, subjectId, contractId, price, start, end ?? new Date(now));
    if (installed.includes(product)) addInstallation(t, f, subjectId, product, start);
  }
  return lastEnd;
}

/** The equipment the product put in, no older than 30 years, in a house built before it. */
function addInstallation(t: Tables, f: Faker, subjectId: string, product: Product, start: Date) {
  const year = start.getUTCFullYear();
  const installedYear = f.number.int({ min: year - 30, max: year });
  t.installations.rows.push([
    f.string.uuid(),
    subjectId,
    product.id,
    f.string.alphanumeric(12).toUpperCase(),
    installedYear,
    f.number.int({ min: installedYear - 100, max: installedYear }),
  ]);
}

/** Bimonthly invoices over the last year of the contract; most paid, some open or overdue. */
function addInvoices(
  t: Tables,
  f: Faker,
  subjectId: string,
  contractId: string,
  price: number,
  start: Date,
  end: Date,
) {
  for (let k = 0; k < 6; k++) {
    const date = new Date(end.getTime() - k * 61 * DAY);
    if (date < start) break;
    const roll = f.number.float();
    const status = k === 0 && roll < 0.3 ? 'open' : roll < 0.03 ? 'overdue' : 'paid';
    const paid =
      status === 'paid' ? iso(new Date(date.getTime() + f.number.int({ min: 1, max: 30 }) * DAY)) : null;
    t.billing.rows.push([f.string.uuid(), subjectId, contractId, iso(date), price * 2, paid, status]);
  }
}
