// Idempotency-Key: the first request with a key claims it, runs, and stores its answer; a retry
// replays that answer; the same key with a different body is refused. A claim left by a crashed
// request expires after CLAIM_TTL so the client can retry.
import type { FastifyRequest } from 'fastify';
import { canonicalJson, sha256Hex } from '../crypto.ts';
import type { Db } from '../db/index.ts';
import { GardeError } from '../errors.ts';
import type { RouteReply } from './route.ts';

const CLAIM_TTL_SECONDS = 60;
const PENDING = 0;

export async function withIdempotency(
  db: Db,
  req: FastifyRequest,
  actor: string,
  run: () => Promise<RouteReply>,
): Promise<RouteReply> {
  const raw = req.headers['idempotency-key'];
  if (typeof raw !== 'string') return run();
  const key = raw.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(key))
    throw new GardeError('REQUEST_INVALID', 'Idempotency-Key must be 1-255 visible ASCII characters');
  // A precondition is part of the request: the same body under another If-Match is another request.
  const ifMatch = req.headers['if-match'];
  const requestHash = sha256Hex(
    canonicalJson([
      req.method,
      req.routeOptions.url,
      req.params,
      req.body ?? null,
      ...(ifMatch === undefined ? [] : [ifMatch]),
    ]),
  );

  const claim = await db.query(
    `INSERT INTO idempotency_keys (actor, key, request_hash, status, body) VALUES ($1, $2, $3, ${PENDING}, 'null')
     ON CONFLICT (actor, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
       WHERE idempotency_keys.status = ${PENDING} AND idempotency_keys.created_at < now() - interval '${CLAIM_TTL_SECONDS} seconds'
     RETURNING key`,
    [actor, key, requestHash],
  );
  if (claim.rowCount === 0) {
    const prior = (
      await db.query<{
        request_hash: string;
        status: number;
        body: unknown;
        headers: Record<string, string>;
      }>('SELECT request_hash, status, body, headers FROM idempotency_keys WHERE actor = $1 AND key = $2', [
        actor,
        key,
      ])
    ).rows[0];
    if (!prior || prior.request_hash !== requestHash) throw new GardeError('IDEMPOTENCY_KEY_REUSED');
    // The IETF Idempotency-Key draft: a retry while the first is running is a conflict, not an error.
    if (prior.status === PENDING)
      throw new GardeError('IDEMPOTENCY_KEY_IN_FLIGHT', undefined, { retryAfter: 1 });
    return {
      status: prior.status,
      body: prior.body,
      headers: { ...prior.headers, 'idempotent-replayed': 'true' },
    };
  }
  try {
    const out = await run();
    await db.query(
      'UPDATE idempotency_keys SET status = $3, body = $4, headers = $5 WHERE actor = $1 AND key = $2',
      [actor, key, out.status, JSON.stringify(out.body ?? null), JSON.stringify(out.headers ?? {})],
    );
    return out;
  } catch (err) {
    // A failed request did not happen: release the key so a corrected retry can use it.
    await db.query('DELETE FROM idempotency_keys WHERE actor = $1 AND key = $2', [actor, key]);
    throw err;
  }
}
