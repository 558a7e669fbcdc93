// The DPO's view of the audit trail (issue 15; Art. 5(2) accountability): browse, verify, export.
// The trail holds opaque ids and digests only, so every role that may read it learns no personal
// datum from it; each reading is recorded in the trail itself.
import { Readable } from 'node:stream';
import { Type as T } from 'typebox';
import { csvStream } from '../../platform/csv.ts';
import { GardeError } from '../../platform/errors.ts';
import { route } from '../../platform/http/route.ts';
import { Nullable, PageOf, pageParams, protectedErrors, Uuid } from '../../platform/http/schemas.ts';
import { browseAudit, exportAudit, verifyTrail } from '../browse.ts';
import type { AuditEntry } from '../model.ts';
import type { AuditFilter } from '../store.ts';

const AuditEntryView = T.Object({
  seq: T.Integer({ description: 'Its place in the chain, from 1.' }),
  at: T.String({ format: 'date-time' }),
  actor: T.String({ description: 'Who acted: key:<id>, cli or system:<job>; never a name.' }),
  action: T.String({ description: 'What was done, e.g. consent.given, hold.place, audit.read.' }),
  subjectId: Nullable(T.String({ format: 'uuid' })),
  changeDigest: T.String({ description: 'sha256 of the change (keyed when it held personal data).' }),
  detail: Nullable(
    T.Record(T.String(), T.String(), {
      description:
        'The non-personal ids the action concerns, readable (e.g. campaign.batch.disclose: campaign, channel, recipient); never personal data. Covered by the hash when present.',
    }),
  ),
  prevHash: T.String(),
  hash: T.String(),
});

const FilterParams = {
  person: T.Optional(Uuid),
  actor: T.Optional(
    T.String({ minLength: 1, maxLength: 200, description: 'The actor exactly as recorded.' }),
  ),
  action: T.Optional(
    T.String({
      pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*\\.?$',
      maxLength: 100,
      description: 'An action (consent.given), or a family ending in a dot (consent.).',
    }),
  ),
  from: T.Optional(T.String({ format: 'date-time', description: 'From this instant, inclusive.' })),
  to: T.Optional(T.String({ format: 'date-time', description: 'Before this instant, exclusive.' })),
};

type FilterQuery = { person?: string; actor?: string; action?: string; from?: string; to?: string };

function filterOf(q: FilterQuery): AuditFilter {
  const from = q.from === undefined ? undefined : new Date(q.from);
  const to = q.to === undefined ? undefined : new Date(q.to);
  if (from && to && from >= to) throw new GardeError('AUDIT_RANGE_INVALID');
  return {
    ...(q.person !== undefined ? { subjectId: q.person } : {}),
    ...(q.actor !== undefined ? { actor: q.actor } : {}),
    ...(q.action !== undefined ? { action: q.action } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

const view = (e: AuditEntry) => ({ ...e, at: e.at.toISOString() });

export const listAuditRoute = route({
  method: 'GET',
  url: '/v1/audit',
  operationId: 'listAuditEntries',
  summary:
    'The audit trail, newest first, filtered by person, actor, action and time; the reading is itself audited (audit.read)',
  tags: ['audit'],
  roles: ['dpo', 'admin'],
  schema: {
    querystring: T.Object({ ...FilterParams, ...pageParams(500, 50) }, { additionalProperties: false }),
    response: { 200: PageOf(AuditEntryView), ...protectedErrors },
  },
  async handler({ query }, { deps, actor }) {
    const { limit, after, ...filter } = query;
    const page = await browseAudit(deps, filterOf(filter), { limit, after }, actor);
    return { status: 200, body: { ...page, items: page.items.map(view) } };
  },
});

const Verification = T.Object({
  intact: T.Boolean({ description: 'Every entry follows from the one before it, up to the head.' }),
  entries: T.Integer({ description: 'Entries checked intact (before the break, when there is one).' }),
  checkedAt: T.String({ format: 'date-time' }),
  break: T.Optional(
    T.Object({
      seq: T.Integer({ description: 'The first entry that does not follow.' }),
      reason: T.Enum(['hash-mismatch', 'broken-link', 'gap'] as const, {
        description:
          'hash-mismatch: the entry was changed; broken-link: it does not name the entry before; gap: entries are missing',
      }),
      at: Nullable(T.String({ format: 'date-time', description: 'When the entry says it was made.' })),
    }),
  ),
});

export const verifyAuditRoute = route({
  method: 'GET',
  url: '/v1/audit/verification',
  operationId: 'verifyAuditTrail',
  summary:
    'Walks the whole hash chain (as garde audit verify) and says whether it is intact or where it first breaks; audited (audit.verify)',
  tags: ['audit'],
  roles: ['dpo', 'admin'],
  schema: { response: { 200: Verification, ...protectedErrors } },
  async handler(_input, { deps, actor }) {
    return { status: 200, body: await verifyTrail(deps, actor) };
  },
});

const COLUMNS = [
  'seq',
  'at',
  'actor',
  'action',
  'subjectId',
  'changeDigest',
  'detail',
  'prevHash',
  'hash',
] as const;

async function* rowsOf(entries: AsyncIterable<AuditEntry>) {
  for await (const e of entries)
    yield COLUMNS.map((c) => (c === 'detail' ? (e.detail ? JSON.stringify(e.detail) : null) : e[c]));
}

async function* linesOf(entries: AsyncIterable<AuditEntry>) {
  for await (const e of entries) yield `${JSON.stringify(view(e))}\n`;
}

export const exportAuditRoute = route({
  method: 'GET',
  url: '/v1/audit/export',
  operationId: 'exportAuditEntries',
  summary:
    'The audit trail as a file, oldest first, with the same filters as the list: CSV or NDJSON, streamed however long the range; audited (audit.export)',
  tags: ['audit'],
  roles: ['dpo', 'admin'],
  schema: {
    querystring: T.Object(
      {
        ...FilterParams,
        format: T.Optional(
          T.Enum(['csv', 'ndjson'] as const, {
            description:
              'csv (the default; for a spreadsheet) or ndjson (one entry per line, for a program).',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    response: { 200: T.Unknown(), ...protectedErrors },
  },
  responses: {
    content: {
      200: {
        'text/csv': T.String({
          description: `RFC 4180, UTF-8, a header line then one entry per line: ${COLUMNS.join(', ')}.`,
        }),
        'application/x-ndjson': T.String({ description: 'One JSON entry (as GET /v1/audit) per line.' }),
      },
    },
    headers: {
      200: {
        'Content-Disposition': {
          description: 'attachment; filename="audit-YYYY-MM-DD.csv" (or .ndjson), the day it was made.',
          schema: T.String(),
          required: true,
        },
      },
    },
  },
  async handler({ query }, { deps, actor }) {
    const { format = 'csv', ...filter } = query;
    const entries = await exportAudit(deps, filterOf(filter), actor);
    const day = deps.now().toISOString().slice(0, 10);
    const body =
      format === 'csv' ? csvStream(COLUMNS, rowsOf(entries), 'spreadsheet') : Readable.from(linesOf(entries));
    return {
      status: 200,
      body,
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="audit-${day}.${format}"`,
        'cache-control': 'no-store',
      },
    };
  },
});

export const AUDIT_ROUTES = [listAuditRoute, verifyAuditRoute, exportAuditRoute];
