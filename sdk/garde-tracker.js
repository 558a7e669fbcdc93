// Garde tracker: records a visitor's behaviour only once they are identified (BK-1), only the
// policy's event kinds (BK-2), never under Global Privacy Control (and tells the server of the
// signal), and stops at once on a withdrawal (and records it). Batches events, each with an id
// so a retry is stored once; flushes with sendBeacon when the page is hidden.
// Plain ES module, no dependencies: served by Garde at /sdk/garde-tracker.js.

/** The event kinds of the retail-bank policy (BK-2). */
export const KINDS = {
  dossierVisited: 'dossier-visited',
  informationConsulted: 'information-consulted',
  simulationRun: 'simulation-run',
  procedureAbandoned: 'procedure-abandoned',
};

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

/**
 * @param {{ endpoint?: string, signals?: string, maxBatch?: number, flushMs?: number }} [options]
 */
export function createTracker(options = {}) {
  const endpoint = options.endpoint ?? '/v1/events';
  const signals = options.signals ?? '/v1/tracking/signals';
  const maxBatch = options.maxBatch ?? 50;
  const flushMs = options.flushMs ?? 5000;
  /** @type {string | null} */
  let token = null;
  /** @type {object[]} */
  let queue = [];
  const gpc = typeof navigator !== 'undefined' && navigator.globalPrivacyControl === true;
  let stopped = gpc;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

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
    }).then(
      (res) => res.ok,
      () => false,
    );

  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || !token || queue.length === 0) return;
    const batch = queue;
    queue = [];
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
      keepalive: true,
    });
    if (!res.ok) return;
    const answer = await res.json();
    if (answer.accepted === 0 && STOP.some((r) => answer.dropped?.[r])) off();
  };

  const beacon = () => {
    if (stopped || !token || queue.length === 0) return;
    const url = `${endpoint}?access_token=${encodeURIComponent(token)}`;
    navigator.sendBeacon(url, new Blob([JSON.stringify(queue)], { type: 'application/json' }));
    queue = [];
  };

  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') beacon();
    });
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
    if (queue.length >= maxBatch) void flush();
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
    dossierVisited: (/** @type {string} */ topic) => track(KINDS.dossierVisited, topic),
    informationConsulted: (/** @type {string} */ topic) => track(KINDS.informationConsulted, topic),
    simulationRun: (/** @type {string} */ topic) => track(KINDS.simulationRun, topic),
    procedureAbandoned: (/** @type {string} */ topic) => track(KINDS.procedureAbandoned, topic),
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
  };
}
