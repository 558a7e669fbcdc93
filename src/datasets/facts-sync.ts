// Issue 16: lifecycle facts read from the controller's systems (a dataset's `facts`), written into
// Garde through the subject capability's one way to take facts (recordFacts), so a read fact and
// a pushed one obey the same rules. Set-based both sides: the system is read a page of persons
// at a time (Connector.scan), Garde written a page per few statements. Idempotent: a second sync
// of the same rows changes nothing and writes no audit entry.
import type { Deps } from '../platform/deps.ts';
import type { Dataset, DatasetFacts } from '../policy/schema.ts';
import { type FactItem, type FactOutcome, listHolders, recordFacts } from '../subjects/facts.ts';
import type { Facts, HoldingFact } from '../subjects/facts-model.ts';
import { type Connector, type Env, openConnector } from './connector.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

/** A row refused: its key (null when the key is an e-mail address: personal data), the fact, why. */
export type RefusedRow = { table: string; key: string | null; field: string; reason: string };

export type FactsSyncReport = {
  dataset: string;
  /** Persons read from the system. */
  persons: number;
  changed: number;
  unchanged: number;
  /** Persons the system lists that Garde does not know (or erased): not created. */
  unknown: number;
  refused: number;
  /** Holdings of persons the system no longer lists, removed. */
  holdersCleared: number;
  /** The first refused rows (at most MAX_REPORTED), for the operator to correct. */
  refusedRows: RefusedRow[];
  ms: number;
};

const MAX_REPORTED = 20;
const PAGE = 1000;

/** The datasets whose facts Garde reads. */
export const factDatasets = (d: Pick<Deps, 'policy'>): Dataset[] =>
  (d.policy.datasets ?? []).filter((x) => x.facts && (x.kind === 'postgresql' || x.kind === 'mysql'));

/** `YYYY-MM-DD` of a date column, as the connectors return it. */
const dayOf = (v: unknown): string | null => (v == null || v === '' ? null : String(v).slice(0, 10));
/** An instant from a date or timestamp column; a bare day is its start (UTC). */
const instantOf = (v: unknown): string | null => {
  if (v == null || v === '') return null;
  const t = new Date(/^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? `${v}T00:00:00Z` : String(v));
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
};

/** One person's facts from their rows of the facts table (docs/lifecycle-facts.md says the rule). */
export function factsOfRows(f: DatasetFacts, rows: readonly Record<string, unknown>[]): Facts {
  const out: Facts = {};
  const start = (r: Record<string, unknown>) => (f.customerSince ? dayOf(r[f.customerSince]) : null);
  const end = (r: Record<string, unknown>) => (f.contractEnd ? dayOf(r[f.contractEnd]) : null);
  // With a start column, a row with neither start nor end is no contract (a prospect's row).
  const contracts = rows.filter((r) => !f.customerSince || start(r) !== null || end(r) !== null);
  const starts = contracts.map(start).filter((x): x is string => x !== null);
  if (starts.length > 0) out.customerSince = starts.sort()[0] as string;
  if (f.contractEnd && contracts.length > 0) {
    const ends = contracts.map(end);
    out.contractEndedOn = ends.includes(null) ? null : ((ends as string[]).sort().at(-1) as string);
  }
  if (f.lastContact) {
    const seen = rows
      .map((r) => instantOf(r[f.lastContact as string]))
      .filter((x): x is string => x !== null);
    if (seen.length > 0) out.lastContactAt = seen.sort().at(-1) as string;
  }
  return out;
}

function holdingsOfRows(
  h: NonNullable<DatasetFacts['holdings']>,
  rows: readonly Record<string, unknown>[],
): HoldingFact[] {
  return rows.map((r) => {
    const product = String(r[h.product] ?? '');
    return {
      product,
      account: h.account ? String(r[h.account] ?? '') : product,
      since: dayOf(r[h.since]) ?? '',
    };
  });
}

/** Rows of one page, grouped by person, in key order. */
function byPerson(
  rows: readonly Record<string, unknown>[],
  key: string,
): [string, Record<string, unknown>[]][] {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const k = String(r[key]);
    const g = groups.get(k) ?? [];
    g.push(r);
    groups.set(k, g);
  }
  return [...groups];
}

type Pass = {
  table: string;
  person: { by: FactItem['person']['by']; column: string };
  columns: string[];
  facts: (rows: Record<string, unknown>[]) => Facts;
};

async function runPass(
  d: Ctx,
  c: Connector,
  pass: Pass,
  report: FactsSyncReport,
  actor: string,
  page: number,
  seen: Set<string> | null,
): Promise<void> {
  const scan = c.scan?.bind(c);
  if (!scan)
    throw new Error(
      `dataset "${report.dataset}": its connector cannot read facts; push them through the API`,
    );
  let after: string | null = null;
  for (;;) {
    const rows = await scan(pass.table, pass.person.column, pass.columns, after, page);
    const groups = byPerson(rows, pass.person.column);
    if (groups.length === 0) return;
    const items = groups.map(([key, g]) => ({ person: { by: pass.person.by, key }, facts: pass.facts(g) }));
    const outcomes = await recordFacts(d, items, actor);
    tally(report, pass, groups, outcomes, seen);
    after = (groups.at(-1) as [string, unknown])[0];
    if (groups.length < page) return;
  }
}

function tally(
  report: FactsSyncReport,
  pass: Pass,
  groups: readonly [string, unknown][],
  outcomes: readonly FactOutcome[],
  seen: Set<string> | null,
): void {
  outcomes.forEach((o, i) => {
    report.persons += 1;
    if (o.status === 'unknown') report.unknown += 1;
    else if (o.status === 'refused') {
      report.refused += 1;
      if (report.refusedRows.length < MAX_REPORTED)
        report.refusedRows.push({
          table: pass.table,
          key: pass.person.by === 'email' ? null : ((groups[i] as [string, unknown])[0] ?? null),
          field: o.field,
          reason: o.reason,
        });
    } else {
      if (o.status === 'changed') report.changed += 1;
      else report.unchanged += 1;
    }
    // A refused person keeps what they hold: only persons the system does not list are cleared.
    if (seen && 'subjectId' in o && o.subjectId) seen.add(o.subjectId);
  });
}

/**
 * Reads a dataset's facts (its `facts` declaration) and writes what changed into Garde. Persons
 * Garde does not know are counted, never created; a refused row is reported by its key and the
 * rest are written. When the dataset is the record of holdings, holdings of persons it no longer
 * lists are removed after a complete read. Throws DatasetUnavailableError if the system cannot be
 * reached (what was written before stays: each page is its own transaction, and a rerun resumes
 * by changing only what is still different).
 */
export async function syncDatasetFacts(
  d: Ctx,
  dataset: Dataset,
  opts: { env?: Env; actor?: string; page?: number } = {},
): Promise<FactsSyncReport> {
  const f = dataset.facts;
  if (!f) throw new Error(`dataset "${dataset.id}" declares no facts`);
  const started = Date.now();
  const actor = opts.actor ?? `system:facts-sync:${dataset.id}`;
  const page = opts.page ?? PAGE;
  const report: FactsSyncReport = {
    dataset: dataset.id,
    persons: 0,
    changed: 0,
    unchanged: 0,
    unknown: 0,
    refused: 0,
    holdersCleared: 0,
    refusedRows: [],
    ms: 0,
  };
  const c = await openConnector(dataset, opts.env);
  try {
    if (f.table && f.person) {
      const columns = [f.customerSince, f.contractEnd, f.lastContact].filter((x): x is string => !!x);
      await runPass(
        d,
        c,
        { table: f.table, person: f.person, columns, facts: (rows) => factsOfRows(f, rows) },
        report,
        actor,
        page,
        null,
      );
    }
    if (f.holdings) {
      const h = f.holdings;
      const columns = [h.product, h.since, ...(h.account ? [h.account] : [])];
      const seen = new Set<string>();
      await runPass(
        d,
        c,
        {
          table: h.table,
          person: h.person,
          columns,
          facts: (rows) => ({ holdings: holdingsOfRows(h, rows) }),
        },
        report,
        actor,
        page,
        seen,
      );
      report.holdersCleared = await clearUnlisted(d, seen, actor, page);
    }
  } finally {
    await c.close();
  }
  report.ms = Date.now() - started;
  return report;
}

/** Holdings of persons the record of holdings did not list: they hold nothing now. */
async function clearUnlisted(
  d: Ctx,
  listed: ReadonlySet<string>,
  actor: string,
  page: number,
): Promise<number> {
  let cleared = 0;
  let after: string | null = null;
  for (;;) {
    const holders = await listHolders(d, after, page);
    if (holders.length === 0) return cleared;
    const gone = holders.filter((id) => !listed.has(id));
    if (gone.length > 0) {
      const outcomes = await recordFacts(
        d,
        gone.map((key) => ({ person: { by: 'subject-id' as const, key }, facts: { holdings: [] } })),
        actor,
      );
      cleared += outcomes.filter((o) => o.status === 'changed').length;
    }
    after = holders.at(-1) as string;
    if (holders.length < page) return cleared;
  }
}

/** Every dataset's facts, one after another (the CLI and the server's daily job). */
export async function syncAllFacts(
  d: Ctx,
  opts: { env?: Env; actor?: string; only?: string } = {},
): Promise<FactsSyncReport[]> {
  const out: FactsSyncReport[] = [];
  for (const ds of factDatasets(d))
    if (!opts.only || ds.id === opts.only) out.push(await syncDatasetFacts(d, ds, opts));
  return out;
}
