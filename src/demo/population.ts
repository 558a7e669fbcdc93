// A realistic, deterministic demo population: Belgian identities (FR and NL), lifecycles,
// contracts, invoices, holdings and, for heating products, installations. Rows come out ready
// for COPY, so seeding is set-based.
import { base, en, Faker, fr, fr_BE, nl, nl_BE } from '@faker-js/faker';
import { declaredCategoryOf } from '../datasets/storage.ts';
import type { Sealer } from '../platform/crypto.ts';
import type { Policy, Product } from '../policy/schema.ts';
import { STORES } from '../rights/catalogue.ts';

export type Table = { table: string; columns: string[]; rows: unknown[][] };
export type Population = Table[];

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

export function generatePopulation(opts: {
  subjects: number;
  policy: Policy;
  sealer: Sealer;
  now: Date;
  seed?: number;
}): Population {
  const fakers = [new Faker({ locale: [fr_BE, fr, en, base] }), new Faker({ locale: [nl_BE, nl, en, base] })];
  for (const [i, f] of fakers.entries()) f.seed((opts.seed ?? 2026) + i);
  const pick = fakers[0] as Faker;
  const products = opts.policy.products ?? [];
  const t = {
    subjects: table('subjects', [
      'id',
      'lifecycle',
      'customer_since',
      'customer_from',
      'left_at',
      'contract_ended_on',
      'last_contact_at',
      'created_at',
    ]),
    identities: table('identities', [
      'subject_id',
      'given_name',
      'family_name',
      'birth_date',
      'email',
      'phone',
      'street',
      'postal_code',
      'city',
      'country',
      'language',
      'id_card_enc',
      'last_ip',
    ]),
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
  const now = opts.now.getTime();
  const mailboxes = new Set<string>();
  for (let i = 0; i < opts.subjects; i++) {
    const dutch = pick.number.float() < 0.55;
    const f = fakers[dutch ? 1 : 0] as Faker;
    const id = pick.string.uuid();
    const roll = pick.number.float();
    const lifecycle = roll < 0.7 ? 'customer' : roll < 0.85 ? 'former' : 'prospect';
    const since = new Date(now - pick.number.int({ min: 60, max: 15 * 365 }) * DAY);
    let endedOn: string | null = null;
    if (lifecycle !== 'prospect' && products.length > 0) {
      endedOn = addContracts(t, pick, products, id, since, lifecycle === 'former', now);
    }
    const lastContact =
      lifecycle === 'prospect' ? new Date(now - pick.number.int({ min: 1, max: 540 }) * DAY) : null;
    t.subjects.rows.push([
      id,
      lifecycle,
      lifecycle === 'prospect' ? null : iso(since),
      lifecycle === 'prospect' ? null : new Date(`${iso(since)}T00:00:00.000Z`),
      endedOn ? new Date(new Date(`${endedOn}T00:00:00.000Z`).getTime() + DAY) : null,
      endedOn,
      lastContact,
      new Date(since.getTime()),
    ]);
    const given = f.person.firstName();
    const family = f.person.lastName();
    t.identities.rows.push([
      id,
      given,
      family,
      iso(f.date.birthdate({ mode: 'age', min: 18, max: 90, refDate: opts.now })),
      mailbox(f.internet.email({ firstName: given, lastName: family }).toLowerCase(), mailboxes),
      f.phone.number(),
      f.location.streetAddress(),
      f.location.zipCode('####'),
      f.location.city(),
      'BE',
      dutch ? 'nl' : 'fr',
      opts.sealer.seal(`${f.string.numeric(3)}-${f.string.numeric(7)}-${f.string.numeric(2)}`),
      f.internet.ipv4(),
    ]);
  }
  // Only what the policy says Garde keeps (a bank that keeps no invoices gets none); an invoice
  // whose contract is not kept loses the link, not the invoice.
  const kept = (name: string) =>
    name === 'subjects' || STORES.some((s) => s.table === name && declaredCategoryOf(opts.policy, s));
  if (!kept('contracts')) for (const row of t.billing.rows) row[2] = null;
  return Object.values(t).filter((x) => kept(x.table));
}

/** One mailbox, one person: a second person with the same address gets a numbered one. */
function mailbox(address: string, taken: Set<string>): string {
  let candidate = address;
  for (let n = 2; taken.has(candidate); n++) candidate = address.replace('@', `${n}@`);
  taken.add(candidate);
  return candidate;
}

function table(name: string, columns: string[]): Table {
  return { table: name, columns, rows: [] };
}

type Tables = Record<'contracts' | 'billing' | 'holdings' | 'installations', Table>;

/** Returns the end date of the last contract for a former customer. */
function addContracts(
  t: Tables,
  f: Faker,
  products: Product[],
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
    if (product.domain === 'heating-cooling') {
      t.installations.rows.push([
        f.string.uuid(),
        subjectId,
        product.id,
        f.string.alphanumeric(12).toUpperCase(),
        f.number.int({ min: 1995, max: 2025 }),
        f.number.int({ min: 1920, max: 2024 }),
      ]);
    }
  }
  return lastEnd;
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
