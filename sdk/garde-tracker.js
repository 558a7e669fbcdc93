// Garde tracker: records a visitor's behaviour only once they are identified (BK-1), only the
// policy's event kinds (BK-2), never under Global Privacy Control, and stops at once on a
// withdrawal. Batches events; flushes with sendBeacon when the page is hidden.
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

/**
 * @param {{ endpoint?: string, maxBatch?: number, flushMs?: number }} [options]
 */
export function createTracker(options = {}) {
  const endpoint = options.endpoint ?? '/v1/events';
  const maxBatch = options.maxBatch ?? 50;
  const flushMs = options.flushMs ?? 5000;
  /** @type {string | null} */
  let token = null;
  /** @type {object[]} */
  let queue = [];
  let stopped = typeof navigator !== 'undefined' && navigator.globalPrivacyControl === true;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  const off = () => {
    stopped = true;
    queue = [];
    clearTimeout(timer);
  };

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
    queue.push({ kind, topic, occurredAt: new Date().toISOString(), ...(props ? { props } : {}) });
    if (queue.length >= maxBatch) void flush();
    else timer ??= setTimeout(flush, flushMs);
  };

  return {
    /** @param {string} sessionToken from POST /v1/subjects/:id/sessions after login */
    identify(sessionToken) {
      if (!stopped) token = sessionToken;
    },
    track,
    dossierVisited: (/** @type {string} */ topic) => track(KINDS.dossierVisited, topic),
    informationConsulted: (/** @type {string} */ topic) => track(KINDS.informationConsulted, topic),
    simulationRun: (/** @type {string} */ topic) => track(KINDS.simulationRun, topic),
    procedureAbandoned: (/** @type {string} */ topic) => track(KINDS.procedureAbandoned, topic),
    flush,
    /** The visitor withdrew consent: stop now and forget what was queued. */
    withdraw: off,
    get active() {
      return !stopped && token !== null;
    },
  };
}
