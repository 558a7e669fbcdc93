// Two budgets, both counting every request: one per client address, taken before anything else
// (so refused requests, 401, 403 and 404 alike, count), and one per API key, taken as soon as the
// key is identified and before its role is judged. The key's identity is the key row found by
// authentication, so the same key sent another way (X-Api-Key, `bearer`, extra spaces) is the
// same budget. Counters live in the process (see docs/operations.md for several processes).
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../keys/model.ts';
import type { Config } from '../config.ts';
import { GardeError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts a request against its client's budget; throws RATE_LIMITED past it. */
    countClient(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

const MINUTE_MS = 60_000;

type Check = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
export type RateLimits = {
  /** Counts a request against its key's budget, once the key is known; throws RATE_LIMITED. */
  perKey(req: FastifyRequest, reply: FastifyReply, principal: Principal): Promise<void>;
  /** Counts a console sign-in against its client address's own, small budget; throws RATE_LIMITED. */
  signIn: Check;
};

type Outcome = Awaited<ReturnType<ReturnType<FastifyInstance['createRateLimit']>>>;

/** Past the budget: RATE_LIMITED, whose retryAfter becomes Retry-After where the problem is sent. */
function enforce(outcome: Outcome, reply: FastifyReply, what: string): void {
  if (outcome.isAllowed) return;
  announce(outcome, reply);
  if (!outcome.isExceeded) return;
  throw new GardeError('RATE_LIMITED', `More than ${outcome.max} requests a minute ${what}`, {
    retryAfter: outcome.ttlInSeconds,
  });
}

/**
 * Tells the client where it stands (RateLimit-Limit, -Remaining, -Reset, as the IETF draft and
 * the plugin name them): of the two budgets, the one nearer to exhaustion, so a client that
 * paces itself on these headers never hits either limit.
 */
function announce(outcome: Extract<Outcome, { isAllowed: false }>, reply: FastifyReply): void {
  const shown = reply.getHeader('ratelimit-remaining');
  if (shown !== undefined && Number(shown) <= outcome.remaining) return;
  reply.header('ratelimit-limit', String(outcome.max));
  reply.header('ratelimit-remaining', String(outcome.remaining));
  reply.header('ratelimit-reset', String(outcome.ttlInSeconds));
}

export async function registerRateLimits(app: FastifyInstance, config: Config): Promise<RateLimits> {
  // No automatic hooks: the two checks below are placed where they belong. A large cache, so a
  // flood of addresses or keys cannot evict a busy client's counter.
  await app.register(rateLimit, { global: false, cache: 100_000 });
  // Keyed by address (an IPv6 address by its /64, one network: the plugin's default).
  const client = app.createRateLimit({ max: config.clientRateLimitPerMinute, timeWindow: MINUTE_MS });
  const key = app.createRateLimit({
    max: config.rateLimitPerMinute,
    timeWindow: MINUTE_MS,
    keyGenerator: (req) => `key:${req.principal?.keyId}`,
  });
  const perClient: Check = async (req, reply) => enforce(await client(req), reply, 'from this client');
  app.addHook('onRequest', perClient);
  // The router's own errors (a bad URL) run no hook: they count through this.
  app.decorate('countClient', perClient);
  // Apart from the client's budget: guessing keys at the sign-in form gets a handful of tries.
  const signIn = app.createRateLimit({
    max: config.signInRateLimitPerMinute,
    timeWindow: MINUTE_MS,
    keyGenerator: (req) => `sign-in:${req.ip}`,
  });
  return {
    signIn: async (req, reply) => enforce(await signIn(req), reply, 'signing in from this client'),
    async perKey(req, reply, principal) {
      req.principal = principal;
      enforce(await key(req), reply, 'with this key');
    },
  };
}
