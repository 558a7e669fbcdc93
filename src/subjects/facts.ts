// Lifecycle facts from the controller's systems (issue 16): the subject capability's one way to
// take them, for the API (pushed) and for a dataset sync (read). Many persons per call, a few
// statements per call whatever their number; each person whose facts change gets one audit entry.
import { type AuditRecord, appendAudits } from '../audit/store.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import type { PersonKey } from '../policy/schema.ts';
import { ERASURE_RESTRICTION } from '../rights/erasure-store.ts';
import { type Facts, factChange, factProblem, holdingsDiff } from './facts-model.ts';
import {
  type FactRowUpdate,
  type FactSubjectRow,
  lockFactSubjects,
  selectHeld,
  selectHolders,
  updateFactRows,
  writeHoldings,
} from './facts-store.ts';
import { changedFields, checkSubject, lifecycleEffects, type SubjectFacts } from './model.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

/** A person as a system names them: by Garde's subject id, the customer number, or e-mail. */
export type PersonRef = { by: PersonKey; key: string };
export type FactItem = { person: PersonRef; facts: Facts };

/**
 * What became of one item. `field` is the path of the fact at fault within the item (e.g.
 * `contractEndedOn`, `holdings/2/product`); `reason` never quotes a value.
 */
export type FactOutcome =
  | { status: 'changed'; subjectId: string; fields: string[] }
  | { status: 'unchanged'; subjectId: string }
  | { status: 'unknown' }
  | { status: 'refused'; subjectId?: string; field: string; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function finder(rows: readonly FactSubjectRow[]): (p: PersonRef) => FactSubjectRow | undefined {
  const by = {
    'subject-id': new Map(rows.map((r) => [r.id, r])),
    'external-ref': new Map(rows.filter((r) => r.external_ref).map((r) => [r.external_ref as string, r])),
    email: new Map(rows.filter((r) => r.email).map((r) => [r.email as string, r])),
  };
  return (p) =>
    by[p.by].get(
      p.by === 'email' ? p.key.trim().toLowerCase() : p.by === 'subject-id' ? p.key.toLowerCase() : p.key,
    );
}

const subjectFacts = (
  s: Pick<FactSubjectRow, 'lifecycle' | 'customer_since' | 'contract_ended_on' | 'birth_date'>,
): SubjectFacts => ({
  lifecycle: s.lifecycle,
  customerSince: s.customer_since,
  contractEndedOn: s.contract_ended_on,
  birthDate: s.birth_date,
});

/**
 * Takes the facts of many persons at once (EN-3, EN-10, BK-4). Each item's facts are checked as a
 * subject change is (lifecycle transitions, dates, the policy's products) and compared with what
 * Garde holds: only what differs is written, so a repeated call changes nothing. `allOrNothing`
 * (the API): one item refused or not found refuses the call (FACTS_INVALID, 422, `errors` naming
 * each item) and nothing is written; otherwise (a sync) the others are written. Returns each
 * item's outcome, in order.
 */
export async function recordFacts(
  d: Ctx,
  items: readonly FactItem[],
  actor: string,
  opts: { allOrNothing?: boolean } = {},
): Promise<FactOutcome[]> {
  const now = d.now();
  const today = now.toISOString().slice(0, 10);
  const products = new Set((d.policy.products ?? []).map((p) => p.id));
  const keys = { ids: [] as string[], refs: [] as string[], emails: [] as string[] };
  for (const { person } of items) {
    if (person.by === 'subject-id' && UUID.test(person.key)) keys.ids.push(person.key);
    if (person.by === 'external-ref') keys.refs.push(person.key);
    if (person.by === 'email') keys.emails.push(person.key.trim());
  }
  return d.db.transaction(async (tx) => {
    const find = finder(await lockFactSubjects(tx, keys, ERASURE_RESTRICTION));
    const outcomes: FactOutcome[] = [];
    const rows: FactRowUpdate[] = [];
    const wantHoldings = new Map<string, NonNullable<Facts['holdings']>>();
    const seen = new Set<string>();
    for (const { person, facts } of items) {
      const s = find(person);
      if (!s) {
        outcomes.push({ status: 'unknown' });
        continue;
      }
      const refuse = (field: string, reason: string) =>
        outcomes.push({ status: 'refused', subjectId: s.id, field, reason });
      if (seen.has(s.id)) {
        refuse('', 'the same person is listed twice in one call');
        continue;
      }
      seen.add(s.id);
      const problem = factProblem(facts, products, today, now);
      if (problem) {
        refuse(...problem);
        continue;
      }
      const before = {
        lifecycle: s.lifecycle,
        customerSince: s.customer_since,
        contractEndedOn: s.contract_ended_on,
        lastContactAt: s.last_contact_at,
      };
      const change = factChange(before, facts, today);
      const { customerFrom, returnedAt, leftAt, ...effects } = lifecycleEffects(s.lifecycle, change, now);
      const after = { ...before, ...change, ...effects };
      const broken = checkSubject(
        subjectFacts(s),
        { ...subjectFacts(s), ...after },
        [s.controller],
        s.controller,
        today,
      );
      if (broken) {
        refuse(change.lifecycle ? 'lifecycle' : 'contractEndedOn', broken);
        continue;
      }
      const fields = changedFields({ ...change, ...effects });
      if (fields.length > 0)
        rows.push({
          id: s.id,
          lifecycle: after.lifecycle,
          customerSince: after.customerSince ?? null,
          contractEndedOn: after.contractEndedOn ?? null,
          lastContactAt: after.lastContactAt ? new Date(after.lastContactAt).toISOString() : null,
          customerFrom: customerFrom ?? null,
          returnedAt: returnedAt ?? null,
          leftAt: leftAt ?? null,
        });
      if (facts.holdings) wantHoldings.set(s.id, facts.holdings);
      outcomes.push({ status: 'changed', subjectId: s.id, fields });
    }
    const failed = outcomes.some((o) => o.status === 'unknown' || o.status === 'refused');
    if (opts.allOrNothing && failed) throw invalid(outcomes);
    const held = await selectHeld(tx, [...wantHoldings.keys()]);
    const write: Parameters<typeof writeHoldings>[1][number][] = [];
    const remove: Parameters<typeof writeHoldings>[2][number][] = [];
    const holdingsChanged = new Set<string>();
    for (const [subjectId, wanted] of wantHoldings) {
      const diff = holdingsDiff(held.get(subjectId) ?? [], wanted);
      if (diff.write.length + diff.remove.length > 0) holdingsChanged.add(subjectId);
      for (const w of diff.write) write.push({ ...w, subjectId });
      for (const r of diff.remove) remove.push({ ...r, subjectId });
    }
    await updateFactRows(tx, rows);
    await writeHoldings(tx, write, remove);
    const audits: AuditRecord[] = [];
    const final = outcomes.map((o, i): FactOutcome => {
      if (o.status !== 'changed') return o;
      const fields = holdingsChanged.has(o.subjectId) ? [...o.fields, 'holdings'] : o.fields;
      if (fields.length === 0) return { status: 'unchanged', subjectId: o.subjectId };
      const item = items[i] as FactItem;
      audits.push({
        actor,
        action: 'subject.facts',
        subjectId: o.subjectId,
        // Keyed: dates of a person's contract are personal data; the field names are not.
        changeDigest: d.sealer.digest({ fields, facts: item.facts }),
        detail: { fields: fields.join(',') },
      });
      return { status: 'changed', subjectId: o.subjectId, fields };
    });
    await appendAudits(tx, audits, now);
    return final;
  });
}

/** FACTS_INVALID naming each item at fault by its position (`/items/3/contractEndedOn`). */
function invalid(outcomes: readonly FactOutcome[]): GardeError {
  const errors = outcomes.flatMap((o, i) => {
    if (o.status === 'unknown')
      return [{ in: 'body', path: `/items/${i}/person`, message: 'no such subject (or erased)' }];
    if (o.status === 'refused')
      return [{ in: 'body', path: `/items/${i}${o.field ? `/${o.field}` : ''}`, message: o.reason }];
    return [];
  });
  const first = errors[0] as { path: string; message: string };
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more, in errors)` : '';
  return new GardeError('FACTS_INVALID', `${first.path}: ${first.message}${more}`, { errors });
}

/** Up to `limit` subjects that hold a product, after `after` (by id): for a sync's sweep. */
export function listHolders(d: Pick<Deps, 'db'>, after: string | null, limit: number): Promise<string[]> {
  return selectHolders(d.db, after, limit);
}
