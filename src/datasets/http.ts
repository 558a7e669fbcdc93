// The HTTP connector: a controller's system with an API, spoken to through the small protocol of
// docs/datasets-http.md (read, apply, jobs, describe under {base}/garde/). Every request is signed
// per Standard Webhooks (https://www.standardwebhooks.com), so the system knows it comes from
// Garde; an apply carries the same webhook-id on every retry of one step (its `ref`), so the
// system can drop a duplicate and a retried step never acts twice.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { type Static, Type as T, type TSchema } from 'typebox';
import type { Dataset, DatasetTable, PersonKey } from '../policy/schema.ts';
import { PERSON_KEYS } from '../policy/schema.ts';
import type { ActionResult, PersonKeys, TableAction } from './actions.ts';
import {
  type Applied,
  type Connector,
  DatasetUnavailableError,
  type Env,
  type TableShape,
} from './connector.ts';

/** How hard the connector tries. Milliseconds; the defaults suit a system across a network. */
export type HttpOptions = {
  /** One request's limit before it is abandoned (and retried). Default 10 000. */
  timeoutMs?: number;
  /** The first retry's delay; each next one doubles, with jitter. Default 250. */
  backoffMs?: number;
  /** The whole call's limit, retries and waits included. Default 30 000. */
  budgetMs?: number;
  /** Attempts per call, the first included. Default 6. */
  attempts?: number;
};

const DEFAULTS: Required<HttpOptions> = { timeoutMs: 10_000, backoffMs: 250, budgetMs: 30_000, attempts: 6 };
/** Standard Webhooks: a signature older or newer than this is refused (replay window). */
export const TOLERANCE_SECONDS = 5 * 60;

// The protocol's answers, checked before Garde trusts them (request shapes: docs/datasets-http.md).
const Row = T.Record(T.String(), T.Unknown());
export const ReadAnswer = T.Object({
  tables: T.Array(T.Object({ table: T.String(), rows: T.Array(Row) })),
});
const Result = T.Object({
  table: T.String(),
  op: T.Union(['delete', 'mask', 'update', 'restrict', 'keep'].map((op) => T.Literal(op))),
  rows: T.Integer({ minimum: 0 }),
  newest: T.Optional(T.Union([T.String({ format: 'date-time' }), T.Null()])),
});
export const JobAnswer = T.Union([
  T.Object({ ref: T.String(), status: T.Literal('done'), results: T.Array(Result) }),
  T.Object({ ref: T.String(), status: T.Literal('running') }),
  T.Object({
    ref: T.String(),
    status: T.Literal('failed'),
    error: T.Object({ code: T.String({ pattern: '^[A-Za-z0-9._:-]{1,100}$' }) }),
  }),
]);
export const DescribeAnswer = T.Object({
  tables: T.Array(
    T.Object({ table: T.String(), columns: T.Array(T.Object({ name: T.String(), type: T.String() })) }),
  ),
});
type Job = Static<typeof JobAnswer>;

const ajv = new Ajv({ strict: false });
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
const check = <S extends TSchema>(schema: S) => ajv.compile(schema) as ValidateFunction<Static<S>>;
const isRead = check(ReadAnswer);
const isJob = check(JobAnswer);
const isDescribe = check(DescribeAnswer);

/** A job the system reports as failed: which step (`ref`) and the system's stable error code. */
export class DatasetJobFailedError extends DatasetUnavailableError {
  constructor(
    dataset: string,
    readonly ref: string,
    readonly code: string,
  ) {
    super(dataset, `job ${ref} failed: ${code}`);
  }
}

/** A callback Garde must not believe: missing headers, a bad signature, a stale timestamp, a bad body. */
export class CallbackRejectedError extends Error {
  constructor(
    readonly reason: 'headers' | 'timestamp' | 'signature' | 'body',
    why: string,
  ) {
    super(`callback rejected: ${why}`);
  }
}

type Signer = { key: Buffer; base: string };

function envValue(dataset: Dataset, variable: string | undefined, what: string, env: Env): string {
  if (!variable) throw new DatasetUnavailableError(dataset.id, `no connection.${what} is declared`);
  const value = env[variable];
  if (!value) throw new DatasetUnavailableError(dataset.id, `environment variable ${variable} is not set`);
  return value;
}

/** The key of `whsec_<base64>` (Standard Webhooks); the spec asks for 24 to 64 random bytes. */
function signingKey(dataset: Dataset, env: Env): Buffer {
  const variable = dataset.connection?.secret;
  const value = envValue(dataset, variable, 'secret', env);
  const b64 = value.startsWith('whsec_') ? value.slice('whsec_'.length) : '';
  const key = Buffer.from(b64, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || key.length < 24 || key.length > 64)
    throw new DatasetUnavailableError(
      dataset.id,
      `environment variable ${variable} does not hold a whsec_ secret of 24 to 64 base64 bytes`,
    );
  return key;
}

function signer(dataset: Dataset, env: Env): Signer {
  const url = envValue(dataset, dataset.connection?.url, 'url', env);
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    base = new URL('invalid:');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new DatasetUnavailableError(
      dataset.id,
      `environment variable ${dataset.connection?.url} does not hold an http(s) URL`,
    );
  return { key: signingKey(dataset, env), base: url.replace(/\/+$/, '') };
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, timestamp in whole seconds since the epoch. */
export function signature(key: Buffer, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * The webhook-id of a step's apply: the same for every attempt and every retry of the step (same
 * dataset, same `ref`, same dry run or not), so the system drops a duplicate.
 */
export function applyMessageId(dataset: string, ref: string, dryRun: boolean): string {
  const h = createHash('sha256').update(`${dataset}\0${dryRun ? 'dry-run' : 'apply'}\0${ref}`);
  return `msg_${h.digest('base64url').slice(0, 32)}`;
}

/** Retry-After in milliseconds (seconds or an HTTP date), or undefined when absent or unreadable. */
function retryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Call = { method: 'GET' | 'POST'; path: string; id: string; body?: unknown; accept: readonly number[] };

/**
 * One protocol call, signed afresh on every attempt under one webhook-id. Retried with exponential
 * backoff and jitter on a network error, a timeout, 429 (after Retry-After at least) and 5xx,
 * within the budget; any other answer outside `accept` fails at once. Errors name the dataset, the
 * call and the status: never the base URL, the secret or the system's body (it may hold personal data).
 */
async function call(dataset: Dataset, s: Signer, o: Required<HttpOptions>, c: Call) {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(dataset, s, o, c);
    if ('json' in outcome) return outcome;
    // Equal jitter: the delay still grows, and retries from many steps do not arrive together.
    const backoff = o.backoffMs * 2 ** (attempt - 1);
    const wait = Math.max(outcome.after ?? 0, backoff / 2 + Math.random() * (backoff / 2));
    const spent = Date.now() - started;
    if (attempt >= o.attempts || spent + wait > o.budgetMs)
      throw new DatasetUnavailableError(
        dataset.id,
        `${outcome.why}; gave up after ${attempt} attempts in ${spent} ms`,
      );
    await sleep(wait);
  }
}

type Outcome = { status: number; json: unknown } | { why: string; after?: number };

/** One signed attempt: an accepted answer, a reason to retry, or (any other 4xx) a thrown error. */
async function attemptOnce(dataset: Dataset, s: Signer, o: Required<HttpOptions>, c: Call): Promise<Outcome> {
  const what = `${c.method} /garde/${c.path.split('/')[0]}`;
  const body = c.body === undefined ? undefined : JSON.stringify(c.body);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(`${s.base}/garde/${c.path}`, {
      method: c.method,
      // A redirect would carry the signed request elsewhere: it is refused like any other 3xx.
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs),
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        'webhook-id': c.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature(s.key, c.id, timestamp, body ?? ''),
      },
      ...(body === undefined ? {} : { body }),
    });
    if (c.accept.includes(res.status)) return { status: res.status, json: await jsonOf(dataset, what, res) };
    await res.body?.cancel();
    if (res.status !== 429 && res.status < 500)
      throw new DatasetUnavailableError(dataset.id, `${what} answered ${res.status}`);
    return {
      why: `${what} answered ${res.status}`,
      after: retryAfter(res.headers.get('retry-after'), Date.now()),
    };
  } catch (err) {
    if (err instanceof DatasetUnavailableError) throw err;
    if (err instanceof Error && err.name === 'TimeoutError')
      return { why: `${what} had no answer within ${o.timeoutMs} ms` };
    return { why: `${what} could not connect (${networkCode(err)})` };
  }
}

function networkCode(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}

async function jsonOf(dataset: Dataset, what: string, res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch (err) {
    // The timeout also covers the body: a body cut short is retried like no answer at all.
    if (err instanceof Error && err.name === 'TimeoutError') throw err;
    throw new DatasetUnavailableError(dataset.id, `${what} answered ${res.status} without a JSON body`);
  }
}

function valid<V>(dataset: Dataset, what: string, ok: ValidateFunction<V>, json: unknown): V {
  if (ok(json)) return json;
  const at = ok.errors?.[0];
  throw new DatasetUnavailableError(
    dataset.id,
    `${what} answered outside the protocol (${at?.instancePath || '/'} ${at?.message ?? ''})`.trim(),
  );
}

/** Only the keys the tables find a person by: a system learns no more of the person than it needs. */
function keysFor(tables: readonly DatasetTable[], keys: PersonKeys): Partial<PersonKeys> {
  const used = new Set<PersonKey>(tables.map((t) => t.person.by));
  return Object.fromEntries(PERSON_KEYS.filter((k) => used.has(k)).map((k) => [k, keys[k]]));
}

const lookup = (t: DatasetTable) => ({ table: t.name, person: t.person });

function jobOutcome(dataset: Dataset, ref: string, job: Job): Applied {
  if (job.ref !== ref)
    throw new DatasetUnavailableError(dataset.id, `answered for job ${job.ref} when asked about ${ref}`);
  if (job.status === 'failed') throw new DatasetJobFailedError(dataset.id, ref, job.error.code);
  if (job.status === 'running') return { done: false, ref };
  return { done: true, results: job.results.map(resultOf) };
}

// Only the protocol's fields: whatever else a system adds does not reach a step's record.
const resultOf = (r: Static<typeof Result>): ActionResult => ({
  table: r.table,
  op: r.op as ActionResult['op'],
  rows: r.rows,
  ...(r.newest === undefined ? {} : { newest: r.newest }),
});

/** The connector for a dataset of kind http: `connection.url` the base URL, `connection.secret` whsec_. */
export async function openHttpConnector(
  dataset: Dataset,
  env: Env,
  options: HttpOptions = {},
): Promise<Connector> {
  const s = signer(dataset, env);
  const o = { ...DEFAULTS, ...options };
  const tables = dataset.tables ?? [];
  const fresh = () => `msg_${randomUUID().replaceAll('-', '')}`;
  return {
    async read(keys) {
      const body = {
        person: keysFor(tables, keys),
        tables: tables.map((t) => ({ ...lookup(t), columns: t.fields.map((f) => f.column) })),
      };
      const r = await call(dataset, s, o, { method: 'POST', path: 'read', id: fresh(), body, accept: [200] });
      const answer = valid(dataset, 'POST /garde/read', isRead, r.json);
      return tables.map((t) => {
        const got = answer.tables.find((x) => x.table === t.name);
        if (!got) throw new DatasetUnavailableError(dataset.id, `POST /garde/read left out table ${t.name}`);
        // The declared columns only, as the SQL connectors read them: nothing the policy did not map.
        const columns = t.fields.map((f) => f.column);
        const rows = got.rows.map((row) =>
          Object.fromEntries(columns.filter((c) => c in row).map((c) => [c, row[c]])),
        );
        return { table: t.name, rows };
      });
    },
    async apply(keys, actions, opts = {}) {
      const ref = opts.ref ?? randomUUID();
      const dryRun = opts.dryRun === true;
      const acted = tables.filter((t) => actions.some((a) => a.table === t.name));
      const body = {
        ref,
        dryRun,
        person: keys ? keysFor(acted, keys) : null,
        tables: acted.map(lookup),
        actions: actions satisfies readonly TableAction[],
      };
      const id = applyMessageId(dataset.id, ref, dryRun);
      const r = await call(dataset, s, o, { method: 'POST', path: 'apply', id, body, accept: [200, 202] });
      return jobOutcome(dataset, ref, valid(dataset, 'POST /garde/apply', isJob, r.json));
    },
    async poll(ref) {
      const path = `jobs/${encodeURIComponent(ref)}`;
      const r = await call(dataset, s, o, { method: 'GET', path, id: fresh(), accept: [200, 202] });
      return jobOutcome(dataset, ref, valid(dataset, 'GET /garde/jobs', isJob, r.json));
    },
    async describe(): Promise<TableShape[]> {
      const r = await call(dataset, s, o, { method: 'GET', path: 'describe', id: fresh(), accept: [200] });
      const answer = valid(dataset, 'GET /garde/describe', isDescribe, r.json);
      return tables.map((t) => ({
        table: t.name,
        columns: answer.tables.find((x) => x.table === t.name)?.columns ?? null,
      }));
    },
    close: async () => {},
  };
}

const header = (headers: Readonly<Record<string, string | string[] | undefined>>, name: string) => {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : headers[key];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * A completion callback from the system (`POST` to Garde, body a job: docs/datasets-http.md),
 * verified per Standard Webhooks with the dataset's secret: a v1 signature over the raw body,
 * compared in constant time, with a timestamp within five minutes of `now`. Returns the webhook-id
 * (to drop a redelivery), the step's `ref` and its results. Throws CallbackRejectedError when the
 * callback cannot be believed, DatasetJobFailedError when it reports a failed job, and
 * DatasetUnavailableError when the dataset's secret is not configured.
 */
export function verifyCallback(
  dataset: Dataset,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  rawBody: string | Buffer,
  env: Env,
  now: Date = new Date(),
): { id: string; ref: string; results: ActionResult[] } {
  const key = signingKey(dataset, env);
  const id = header(headers, 'webhook-id');
  const ts = header(headers, 'webhook-timestamp');
  const sig = header(headers, 'webhook-signature');
  if (!id || !ts || !sig)
    throw new CallbackRejectedError(
      'headers',
      'webhook-id, webhook-timestamp and webhook-signature are required',
    );
  if (!/^\d{1,12}$/.test(ts))
    throw new CallbackRejectedError('timestamp', 'webhook-timestamp is not a number');
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(ts)) > TOLERANCE_SECONDS)
    throw new CallbackRejectedError(
      'timestamp',
      `webhook-timestamp is more than ${TOLERANCE_SECONDS} s away`,
    );
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  const expected = Buffer.from(signature(key, id, Number(ts), body).slice('v1,'.length));
  // The header may carry several signatures (a secret being rotated): one v1 match is enough.
  const matches = sig.split(' ').some((versioned) => {
    const [version, value] = versioned.split(',');
    const given = Buffer.from(value ?? '');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new CallbackRejectedError('signature', 'no v1 signature matches the dataset secret');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CallbackRejectedError('body', 'the body is not JSON');
  }
  if (!isJob(json)) throw new CallbackRejectedError('body', 'the body is not a job');
  if (json.status === 'running') throw new CallbackRejectedError('body', 'a callback reports a finished job');
  if (json.status === 'failed') throw new DatasetJobFailedError(dataset.id, json.ref, json.error.code);
  return { id, ref: json.ref, results: json.results.map(resultOf) };
}
