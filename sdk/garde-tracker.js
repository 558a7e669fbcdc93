// Garde tracker: records a visitor's behaviour only once they are identified (BK-1), only the
// policy's event kinds (BK-2), never under Global Privacy Control (and tells the server of the
// signal), and stops at once on a withdrawal (and records it). Batches events, each with an id
// so a retry is stored once; keeps a batch that could not be delivered (bounded) and retries it
// with backoff; sends what is left with a keepalive fetch when the page is hidden.
// Plain ES module, no dependencies: served by Garde at /sdk/garde-tracker.js, and loadable from
// the pages of the origins in Garde's GARDE_CORS_ORIGINS.

// The event kinds and topics are the policy's (its tracking.eventKinds): the page names them in
// track(kind, topic), and Garde drops any kind the policy does not list (BK-2).

// Consent answers from the server that mean: stop sending for this visitor.
const STOP = [
  'consent.withdrawn',
  'consent.refused',
  'consent.missing',
  'objection.profiling',
  'restriction.active',
];

/** A random event id, so a retried batch is stored once (the server deduplicates by it). */
const eventId = () =>
  typeof crypto !== 'undefined' && crypto.randomUUID
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

// fetch's keepalive (the request outlives the page) carries at most 64 KiB of bodies at once.
const KEEPALIVE_BYTES = 65536;

/** How long a 429 or 503 asked us to wait, in ms (delay-seconds or an HTTP date); 0 if it did not. */
const retryAfterMs = (/** @type {Response} */ res) => {
  const value = res.headers.get('retry-after');
  if (!value) return 0;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  // An unreadable date is NaN, which would make the retry immediate.
  return Number.isFinite(ms) ? Math.max(ms, 0) : 0;
};

/**
 * @param {{
 *   garde?: string, endpoint?: string, signals?: string, maxBatch?: number, maxQueue?: number,
 *   flushMs?: number, retryMs?: number, maxRetryMs?: number
 * }} [options]
 *   `garde`: Garde's base URL (`https://garde.example`) when the page is on another origin, which
 *   must be in Garde's GARDE_CORS_ORIGINS; default: the page's own origin. `endpoint` and
 *   `signals` override the two URLs derived from it. `maxQueue` bounds what waits while Garde
 *   cannot be reached (the oldest events are dropped first, and counted); `retryMs` and
 *   `maxRetryMs` are the first and the longest wait between attempts.
 */
export function createTracker(options = {}) {
  const garde = (options.garde ?? '').replace(/\/+$/, '');
  const endpoint = options.endpoint ?? `${garde}/v1/events`;
  const signals = options.signals ?? `${garde}/v1/tracking/signals`;
  const maxBatch = options.maxBatch ?? 50;
  const maxQueue = Math.max(options.maxQueue ?? 1000, maxBatch);
  const flushMs = options.flushMs ?? 5000;
  const retryMs = options.retryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? 60_000;
  /** @type {string | null} */
  let token = null;
  /** @type {object[]} */
  let queue = [];
  /** Events given up on: dropped from a full queue, or in a batch Garde refused as such. */
  let dropped = 0;
  /** Failed attempts in a row: the backoff doubles with each. */
  let failures = 0;
  const gpc = typeof navigator !== 'undefined' && navigator.globalPrivacyControl === true;
  let stopped = gpc;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {Promise<boolean> | undefined} */
  let flushing;

  const off = () => {
    stopped = true;
    queue = [];
    clearTimeout(timer);
  };

  /** Tells the server what the visitor chose, so the ledger records it (BK-16). */
  const report = (/** @type {string} */ signal, /** @type {string} */ sessionToken) =>
    fetch(signals, {
      method: 'POST',
      headers: { authorization: `Bearer ${sessionToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ signal }),
      keepalive: true,
      credentials: 'omit',
    }).then(
      (res) => res.ok,
      () => false,
    );

  /** Puts a batch that could not be delivered back in front, keeping at most maxQueue events. */
  const keep = (/** @type {object[]} */ batch, /** @type {number} */ waitMs) => {
    if (stopped) return;
    queue = batch.concat(queue);
    const excess = queue.length - maxQueue;
    if (excess > 0) {
      queue.splice(0, excess);
      dropped += excess;
    }
    // Exponential backoff with jitter, so pages that lost Garde together do not return together.
    const backoff = Math.min(maxRetryMs, retryMs * 2 ** failures++);
    clearTimeout(timer);
    timer = setTimeout(flush, Math.max(waitMs, backoff / 2 + (Math.random() * backoff) / 2));
  };

  /**
   * Sends one batch. Delivered, or refused as such (a 4xx other than 408 and 429: the same bytes
   * would be refused again, so it is dropped and counted): true. Not delivered (no network, CORS
   * refused, 408, 429, 5xx): kept for a retry (event ids make it idempotent), false.
   * A refusal cannot be told from a network error when Garde's answer carries no CORS header
   * (a proxy's error page, or the per-client rate limit): those are retried.
   */
  const deliver = async (/** @type {object[]} */ batch) => {
    const sentWith = token;
    const body = JSON.stringify(batch);
    /** @type {Response} */
    let res;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${sentWith}`, 'content-type': 'application/json' },
        body,
        // Outlives the page when it fits; a larger batch (rare) is sent while the page lives.
        keepalive: new Blob([body]).size <= KEEPALIVE_BYTES,
        // The session token authenticates, never a cookie: no Allow-Credentials needed across
        // origins (which is also why sendBeacon, always with credentials, is not used).
        credentials: 'omit',
      });
    } catch {
      keep(batch, 0);
      return false;
    }
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      keep(batch, retryAfterMs(res));
      return false;
    }
    failures = 0;
    if (!res.ok) {
      dropped += batch.length;
      // The session expired or was revoked: nothing more can be sent until identify() is called
      // with a new one, and what was queued under it is not sent under another.
      if (res.status === 401 && token === sentWith) {
        token = null;
        dropped += queue.length;
        queue = [];
      }
      return true;
    }
    const answer = await res.json().catch(() => ({}));
    if (answer.accepted === 0 && STOP.some((r) => answer.dropped?.[r])) off();
    return true;
  };

  /** One batch at a time until the queue is empty or Garde cannot be reached. */
  const drain = async () => {
    while (!stopped && token && queue.length > 0) {
      if (!(await deliver(queue.splice(0, maxBatch)))) return false;
    }
    return true;
  };

  /** @returns {Promise<boolean>} whether everything queued was delivered (or dropped) */
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    flushing ??= drain().finally(() => {
      flushing = undefined;
    });
    return flushing;
  };

  /** The page is going away: send every batch at once, since no answer will be awaited. */
  const hide = () => {
    if (stopped || !token) return;
    clearTimeout(timer);
    timer = undefined;
    while (queue.length > 0) void deliver(queue.splice(0, maxBatch));
  };

  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') hide();
    });
    // Where visibilitychange does not come before an unload (bfcache in some browsers).
    addEventListener('pagehide', hide);
  }

  /**
   * @param {string} kind
   * @param {string} topic
   * @param {Record<string, string | number | boolean>} [props]
   */
  const track = (kind, topic, props) => {
    // BK-1: nothing is recorded, not even queued, before identify().
    if (stopped || !token) return;
    queue.push({
      id: eventId(),
      kind,
      topic,
      occurredAt: new Date().toISOString(),
      ...(props ? { props } : {}),
    });
    if (queue.length > maxQueue) {
      queue.shift();
      dropped++;
    }
    // While backing off, the retry's timer stands: a full batch waits for it.
    if (queue.length >= maxBatch && failures === 0) void flush();
    else timer ??= setTimeout(flush, flushMs);
  };

  return {
    /**
     * @param {string} sessionToken from POST /v1/subjects/:id/sessions after login
     * @returns {Promise<boolean>} under GPC, whether the server recorded the signal
     */
    identify(sessionToken) {
      // Under GPC nothing is tracked, and the server hears of the signal once, with who sent it.
      if (gpc) return report('global-privacy-control', sessionToken);
      if (!stopped) token = sessionToken;
      return Promise.resolve(true);
    },
    track,
    flush,
    /**
     * The visitor withdrew consent: stop now, forget what was queued, and record the withdrawal.
     * @returns {Promise<boolean>} whether the server recorded it
     */
    withdraw() {
      const sessionToken = token;
      off();
      // Reported once: a second click has nothing left to withdraw.
      token = null;
      return sessionToken ? report('withdraw-consent', sessionToken) : Promise.resolve(false);
    },
    get active() {
      return !stopped && token !== null;
    },
    /** Events waiting to be sent. */
    get queued() {
      return queue.length;
    },
    /** Events given up on: the oldest, when the queue was full; a batch Garde refused as such. */
    get dropped() {
      return dropped;
    },
  };
}
