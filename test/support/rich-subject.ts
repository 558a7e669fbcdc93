// A subject with data in every store of the catalogue, so access, portability and erasure tests
// meet every kind of row. Values are distinctive, so a scan can find any that survive.
import { randomUUID } from 'node:crypto';
import { recordConsent } from '../../src/consent/consent.ts';
import { declaredCategoryOf } from '../../src/datasets/storage.ts';
import { createKey } from '../../src/keys/store.ts';
import type { Deps } from '../../src/platform/deps.ts';
import type { Lifecycle } from '../../src/policy/schema.ts';
import { STORES } from '../../src/rights/catalogue.ts';
import { createSubject } from '../../src/subjects/subjects.ts';

export type RichSubject = { id: string; needles: string[]; customerKey: string };

export async function richSubject(
  d: Deps,
  o: {
    lifecycle: Lifecycle;
    contractEndedOn?: string;
    events?: number;
    tag?: string;
    /** Also the tables the policy does not classify (format tests: every table an export can hold). */
    everywhere?: boolean;
  } = {
    lifecycle: 'customer',
  },
): Promise<RichSubject> {
  const tag = o.tag ?? randomUUID().slice(0, 8);
  const since = o.contractEndedOn && o.contractEndedOn < '2019-03-01' ? '2005-01-01' : '2019-03-01';
  const email = `zoe.${tag}@example.test`;
  const family = `Vanderkerk${tag}`;
  const s = await createSubject(
    d,
    {
      lifecycle: o.lifecycle,
      customerSince: o.lifecycle === 'prospect' ? null : since,
      contractEndedOn: o.contractEndedOn ?? null,
      lastContactAt: o.lifecycle === 'prospect' ? '2026-05-01T00:00:00Z' : null,
      externalRef: `CUST-${tag}`,
      identity: {
        givenName: 'Zoé',
        familyName: family,
        birthDate: '1980-02-29',
        email,
        phone: '+32470000000',
        city: 'Namur',
      },
    },
    'test',
  );
  const id = s.id;
  // Data the policy says Garde keeps, and Garde's own records: never a table the policy does
  // not classify (Garde would keep it through erasure, as data nobody has accounted for).
  const keeps = (table: string) =>
    o.everywhere === true ||
    STORES.some((x) => x.table === table && (x.record !== undefined || declaredCategoryOf(d.policy, x)));
  const q = (sql: string, params: unknown[]) => {
    const table = /^\s*INSERT INTO (\w+)/.exec(sql)?.[1];
    return table === undefined || keeps(table) ? d.db.query(sql, params) : Promise.resolve();
  };
  const contract = randomUUID();
  const account = `BE71 0961 ${tag}`;
  const serial = `SN-${tag}`;
  if (o.lifecycle !== 'prospect') {
    await q(
      'INSERT INTO contracts (id, subject_id, product_code, started_on, ended_on, monthly_price_cents) VALUES ($1, $2, $3, $4, $5, $6)',
      [contract, id, 'boiler-maintenance', since, o.contractEndedOn ?? null, 1500],
    );
    await q(
      "INSERT INTO billing_records (subject_id, contract_id, invoice_date, amount_cents, status) VALUES ($1, $2, '2026-05-01', 1500, 'paid'), ($1, $2, '2012-01-01', 1200, 'paid')",
      [id, contract],
    );
    await q(
      "INSERT INTO installations (subject_id, kind, serial_number, installed_year, house_build_year) VALUES ($1, 'gas-boiler', $2, 2015, 1972)",
      [id, serial],
    );
    if (keeps('holdings')) {
      const h = await d.db.query<{ id: string }>(
        "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, 'current-account', $2, '2019-03-01') RETURNING id",
        [id, account],
      );
      await q(
        "INSERT INTO theme_links (subject_id, theme, holding_id, linked_at) VALUES ($1, 'vacances', $2, '2026-05-02T10:00:00Z')",
        [id, h.rows[0]?.id],
      );
    }
  }
  const n = o.events ?? 20;
  await q(
    `INSERT INTO events (subject_id, occurred_at, kind, topic, received_at)
     SELECT $1, timestamptz '2026-06-14T00:00:00Z' - (g * interval '1 minute'), 'page-view', 'mortgage', timestamptz '2026-06-14T00:00:00Z' FROM generate_series(1, $2) g`,
    [id, n],
  );
  const who = { actor: 'test', role: 'admin' as const, userAgent: `agent-${tag}`, ip: '203.0.113.7' };
  for (const purpose of d.policy.purposes.filter((p) => p.legalBasis === 'consent').map((p) => p.id))
    await recordConsent(d, id, { purpose, state: 'given' }, who);
  await q(
    "INSERT INTO objection_events (subject_id, kind, purpose, action, actor, source, recorded_at) VALUES ($1, 'profiling', '', 'raised', 'test', 'api', now())",
    [id],
  );
  await q(
    "INSERT INTO objections (subject_id, kind, purpose, since, event_id) VALUES ($1, 'profiling', '', now(), 0)",
    [id],
  );
  await q(
    "INSERT INTO subscription_events (subject_id, topic, action, actor, source, recorded_at) VALUES ($1, 'newsletter', 'subscribed', 'test', 'api', now())",
    [id],
  );
  await q(
    "INSERT INTO subscriptions (subject_id, topic, since, event_id) VALUES ($1, 'newsletter', now(), 0)",
    [id],
  );
  await q(
    `INSERT INTO communications (subject_id, purpose, channel, message_class, commercial, counted, window_key, content_ref, actor, sent_at)
     VALUES ($1, 'commercial-proposals', 'postal-mail', 'commercial', true, true, '2026-06', 'tpl', 'test', '2026-06-01T10:00:00Z')`,
    [id],
  );
  await q("INSERT INTO cap_usage (subject_id, window_key, used) VALUES ($1, '2026-06', 1)", [id]);
  await q(
    "INSERT INTO cap_overrides (subject_id, window_key, actor, reason, created_at) VALUES ($1, '2026-06', 'test', 'rate lock', now())",
    [id],
  );
  await q(
    "INSERT INTO idempotency_keys (actor, key, request_hash, status, body) VALUES ('key:x', $2, 'h', 201, jsonb_build_object('subjectId', $1::text, 'email', $3::text))",
    [id, `idem-${tag}`, email],
  );
  await q(
    `INSERT INTO interests (subject_id, topic, score, signals, scored_at) VALUES ($1, 'pension', 0.7, '[]', now())`,
    [id],
  );
  await q("INSERT INTO interest_suppressions (subject_id, topic, since) VALUES ($1, 'vacances', now())", [
    id,
  ]);
  await q(
    "INSERT INTO offer_outcomes (subject_id, product, accepted, offered_at, recorded_by) VALUES ($1, 'mortgage', true, now(), 'test')",
    [id],
  );
  const customerKey = (await createKey(d.db, { role: 'customer', subjectId: id }, 'test')).key;
  return {
    id,
    customerKey,
    needles: [
      id,
      email,
      family,
      `CUST-${tag}`,
      ...(o.lifecycle === 'prospect' ? [] : [account, serial]),
      `agent-${tag}`,
    ],
  };
}
