// The subject capability's public functions: routes and the CLI call these, never the store.
import { appendAudit, auditSubjectChange } from '../audit/store.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Page, type PageRequest, paged } from '../platform/pagination.ts';
import type { Lifecycle } from '../policy/schema.ts';
import { ERASURE_RESTRICTION } from '../rights/erasure-store.ts';
import {
  changedFields,
  checkSubject,
  type IfMatch,
  lifecycleEffects,
  type Subject,
  type SubjectChange,
  type SubjectFacts,
} from './model.ts';
import { displayName, queryWords, type SearchHit, searchableByName, wordSpellings } from './search.ts';
import {
  foldWords,
  HOLDINGS,
  type Holding,
  insertSubject,
  SEARCH,
  SUBJECTS,
  selectHoldings,
  selectMailboxOwner,
  selectSearch,
  selectSubject,
  selectSubjects,
  selectUnreadNames,
  updateSubjectRow,
  upsertIdentity,
  writeNameReadings,
} from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

const controllersOf = (d: Ctx) => ['self', ...(d.policy.partnerControllers ?? []).map((c) => c.id)];
const today = (d: Ctx) => d.now().toISOString().slice(0, 10);

function facts(
  s: Pick<Subject, 'lifecycle' | 'customerSince' | 'contractEndedOn'>,
  birthDate: string | null | undefined,
): SubjectFacts {
  return {
    lifecycle: s.lifecycle,
    customerSince: s.customerSince,
    contractEndedOn: s.contractEndedOn,
    birthDate: birthDate ?? null,
  };
}

export async function createSubject(
  d: Ctx,
  input: SubjectChange & { lifecycle: Subject['lifecycle'] },
  actor: string,
): Promise<Subject> {
  const after = facts(
    {
      lifecycle: input.lifecycle,
      customerSince: input.customerSince ?? null,
      contractEndedOn: input.contractEndedOn ?? null,
    },
    input.identity?.birthDate,
  );
  const broken = checkSubject(null, after, controllersOf(d), input.controller ?? 'self', today(d));
  if (broken) throw new GardeError('SUBJECT_INVALID', broken);
  return d.db.transaction(async (tx) => {
    const id = await insertSubject(tx, { ...input, ...lifecycleEffects(null, input, d.now()) }).catch(
      rethrowUnique,
    );
    const { idCardNumber, ...identity } = input.identity ?? {};
    await checkMailbox(tx, identity.email, id);
    await upsertIdentity(tx, id, identity, sealed(d, idCardNumber)).catch(rethrowUnique);
    await auditSubjectChange(
      tx,
      d.sealer,
      { actor, action: 'subject.create', subjectId: id, change: input },
      d.now(),
    );
    return (await selectSubject(tx, id)) as Subject;
  });
}

export async function getSubject(d: Pick<Deps, 'db'>, id: string): Promise<Subject> {
  const s = await selectSubject(d.db, id);
  if (!s) throw new GardeError('SUBJECT_NOT_FOUND');
  return s;
}

/** The subject, locked until the transaction ends: for changes decided from what it is now. */
export async function lockSubject(tx: Queryable, id: string): Promise<Subject> {
  const s = await selectSubject(tx, id, true);
  if (!s) throw new GardeError('SUBJECT_NOT_FOUND');
  return s;
}

export function listSubjects(
  d: Pick<Deps, 'db' | 'sealer'>,
  filter: { lifecycle?: Lifecycle; email?: string } & PageRequest,
): Promise<Page<Subject>> {
  return paged({ sealer: d.sealer }, SUBJECTS, filter, (after, limit) =>
    selectSubjects(d.db, filter, after, limit),
  );
}

/** `ifMatch` (the If-Match header, read by ifMatchVersions) turns a lost update into SUBJECT_CONFLICT (412). */
export async function updateSubject(
  d: Ctx,
  id: string,
  change: SubjectChange,
  actor: string,
  ifMatch: IfMatch = 'any',
): Promise<Subject> {
  return d.db.transaction(async (tx) => {
    const before = await selectSubject(tx, id, true);
    if (!before) throw new GardeError('SUBJECT_NOT_FOUND');
    if (ifMatch !== 'any' && !ifMatch.includes(before.version)) {
      const named =
        ifMatch.length > 0 ? `If-Match names ${ifMatch.join(', ')}` : 'If-Match names none of its versions';
      throw new GardeError('SUBJECT_CONFLICT', `version is ${before.version}; ${named}`);
    }
    const { customerFrom, returnedAt, leftAt, ...effects } = lifecycleEffects(
      before.lifecycle,
      change,
      d.now(),
    );
    const merged = { ...before, ...stripUndefined(change), ...effects, identity: before.identity } as Subject;
    const birth =
      change.identity?.birthDate !== undefined ? change.identity.birthDate : before.identity.birthDate;
    const broken = checkSubject(
      facts(before, before.identity.birthDate),
      facts(merged, birth),
      controllersOf(d),
      merged.controller,
      today(d),
    );
    if (broken) throw new GardeError('SUBJECT_INVALID', broken);
    await updateSubjectRow(tx, id, { ...change, ...effects, customerFrom, returnedAt, leftAt }).catch(
      rethrowUnique,
    );
    const { idCardNumber, ...identity } = change.identity ?? {};
    await checkMailbox(tx, identity.email, id);
    await upsertIdentity(tx, id, identity, sealed(d, idCardNumber)).catch(rethrowUnique);
    await auditSubjectChange(
      tx,
      d.sealer,
      {
        actor,
        action: 'subject.update',
        subjectId: id,
        change: { fields: changedFields({ ...change, ...effects }), values: { ...change, ...effects } },
      },
      d.now(),
    );
    return (await selectSubject(tx, id)) as Subject;
  });
}

function sealed(d: Ctx, idCardNumber: string | null | undefined): Buffer | null | undefined {
  if (idCardNumber === undefined) return undefined;
  return idCardNumber === null ? null : d.sealer.seal(idCardNumber);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const MAILBOX_TAKEN = 'another subject already uses this e-mail address (compared case-insensitively)';

/** One mailbox, one person: an address another subject uses, whatever its case, is refused. */
async function checkMailbox(tx: Queryable, email: string | null | undefined, self: string): Promise<void> {
  if (!email) return;
  if (await selectMailboxOwner(tx, email, self)) throw new GardeError('SUBJECT_EXISTS', MAILBOX_TAKEN);
}

function rethrowUnique(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23505') throw err;
  // Two writers racing for one mailbox: the unique index decides.
  if (e.constraint === 'identities_mailbox_idx') throw new GardeError('SUBJECT_EXISTS', MAILBOX_TAKEN);
  throw new GardeError('SUBJECT_EXISTS', 'another subject has this external reference');
}

export async function listHoldings(
  d: Pick<Deps, 'db' | 'sealer'>,
  subjectId: string,
  req: PageRequest,
): Promise<Page<Holding>> {
  await getSubject(d, subjectId);
  return paged({ sealer: d.sealer, scope: subjectId }, HOLDINGS, req, (after, limit) =>
    selectHoldings(d.db, subjectId, after, limit),
  );
}

/**
 * Issue 15, BK-13: an agent finds a customer by customer number, e-mail or name (search.ts says
 * how each is read and what the answer shows). Erased persons are never found. Each search is
 * audited under `actor` with a keyed digest of the query, never the query: a name or an address
 * typed into a search box is personal data.
 */
export async function searchSubjects(
  d: Pick<Deps, 'db' | 'sealer' | 'now'>,
  input: { q: string } & PageRequest,
  actor: string,
): Promise<Page<SearchHit>> {
  const number = input.q.trim();
  const email = number.includes('@') ? number.toLowerCase() : null;
  // An address is no name: it is looked up whole, never in parts of names.
  const words = email ? [] : queryWords(number);
  const folded = await foldWords(d.db, words);
  const spellings = words.map((w, i) => wordSpellings(folded[i] ?? '', w));
  const query = {
    number,
    email,
    names: searchableByName(spellings) ? spellings : [],
    hidden: ERASURE_RESTRICTION,
  };
  // Keyed: the query is personal data. It scopes the cursor too: a page's cursor resumes only
  // the search that gave it, as audit/browse.ts scopeOf does for its filters.
  const digest = d.sealer.digest({ q: number });
  return d.db.transaction(async (tx) => {
    const page = await paged({ sealer: d.sealer, scope: digest }, SEARCH, input, (after, limit) =>
      selectSearch(tx, query, after, limit),
    );
    await appendAudit(
      tx,
      { actor, action: 'subject.search', subjectId: null, changeDigest: digest },
      d.now(),
    );
    return {
      next: page.next,
      items: page.items.map((r) => ({
        id: r.id,
        customerNumber: r.external_ref,
        displayName: displayName(r.given_name, r.family_name),
        matchedBy: r.matched,
        possibleDuplicates: r.duplicates ?? [],
      })),
    };
  });
}

/**
 * Issue 15, BK-13: writes the Latin readings of every stored name that has none (the rows of a
 * database set up before migration 049, or written by a bulk load that wrote none), `batch` rows
 * per statement so a million names never sit in memory or in one transaction. Run after the
 * migrations; costs one index probe when every name is read. Returns the rows written.
 */
export async function readStoredNames(db: Queryable, batch = 5_000): Promise<number> {
  let written = 0;
  for (;;) {
    const rows = await selectUnreadNames(db, batch);
    const n = rows.length > 0 ? await writeNameReadings(db, rows) : 0;
    written += n;
    // A short batch was the last; a batch written by nobody (names changed meanwhile) ends too.
    if (rows.length < batch || n === 0) return written;
  }
}
