// The tracker SDK when Garde cannot be reached: a batch that was not delivered is kept (bounded)
// and retried with exponential backoff and jitter, as long as a 429 or 503 asks; a batch Garde
// refuses as such is dropped and counted. Plain Node: fetch is stubbed, the clock is fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Tracker = {
  identify(token: string): Promise<boolean>;
  track(kind: string, topic: string, props?: Record<string, string | number | boolean>): void;
  flush(): Promise<boolean>;
  readonly active: boolean;
  readonly queued: number;
  readonly dropped: number;
};
type Options = {
  garde?: string;
  maxBatch?: number;
  maxQueue?: number;
  retryMs?: number;
  maxRetryMs?: number;
};
// A plain JS module (no declarations): imported by URL so TypeScript does not look for its types.
const { createTracker } = (await import(new URL('../../sdk/garde-tracker.js', import.meta.url).href)) as {
  createTracker(options?: Options): Tracker;
};

type Sent = { url: string; at: number; ids: string[]; init: RequestInit };
type Answer = Response | Error;

/** A fetch that answers from a script (then 200 for ever), recording what was sent and when. */
function stubFetch(...script: (() => Answer)[]): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const ids = (JSON.parse(String(init.body)) as { id: string }[]).map((e) => e.id);
    sent.push({ url, at: Date.now(), ids, init });
    const answer = script.shift()?.() ?? ok();
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return sent;
}
const ok = () => Response.json({ received: 1, accepted: 1, dropped: {} });
const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    new Response('{}', { status: code, headers });
const offline = () => new TypeError('Failed to fetch');

async function identified(options: Options = {}): Promise<Tracker> {
  const tracker = createTracker({ maxBatch: 2, retryMs: 1000, maxRetryMs: 8000, ...options });
  await tracker.identify('session-token');
  return tracker;
}

describe('tracker SDK: retries', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-06-15T10:00:00Z') });
    // Jitter at its top: each wait is the whole backoff.
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('derives both endpoints from one Garde base URL, and sends the token in a header, never in the URL', async () => {
    const sent = stubFetch();
    const tracker = await identified({ garde: 'https://garde.example/' });
    tracker.track('simulation-run', 'pension');
    await tracker.flush();
    expect(sent[0]?.url).toBe('https://garde.example/v1/events');
    expect(sent[0]?.init.headers).toMatchObject({ authorization: 'Bearer session-token' });
    expect(sent[0]?.init).toMatchObject({ credentials: 'omit', keepalive: true });
  });

  it('a flush that fails keeps its batch, and the retry sends the same events (same ids)', async () => {
    const sent = stubFetch(offline);
    const tracker = await identified();
    tracker.track('simulation-run', 'pension');
    expect(await tracker.flush()).toBe(false);
    expect(tracker.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.ids).toEqual(sent[0]?.ids);
    expect(tracker.queued).toBe(0);
    expect(tracker.dropped).toBe(0);
  });

  it('backs off exponentially, with jitter, up to maxRetryMs; a success starts again from retryMs', async () => {
    const sent = stubFetch(offline, status(500), status(502), offline, offline, ok, offline);
    const tracker = await identified();
    tracker.track('simulation-run', 'pension');
    await tracker.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    // To the millisecond: the timer rounds the jittered wait down.
    const waits = sent.slice(1).map((s, i) => Math.round((s.at - (sent[i]?.at ?? 0)) / 10) * 10);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
    tracker.track('simulation-run', 'pension');
    await tracker.flush();
    const before = sent.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.length).toBe(before + 1);
  });

  it('the jitter waits between half the backoff and all of it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const sent = stubFetch(offline, offline);
    const tracker = await identified();
    tracker.track('simulation-run', 'pension');
    await tracker.flush();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0))).toEqual([500, 1000]);
  });

  it.each([429, 503])('a %i waits as long as its Retry-After says', async (code) => {
    const sent = stubFetch(status(code, { 'retry-after': '30' }));
    const tracker = await identified();
    tracker.track('simulation-run', 'pension');
    await tracker.flush();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    expect(tracker.queued).toBe(0);
  });

  it('a Retry-After given as a date is honoured too', async () => {
    const sent = stubFetch(status(503, { 'retry-after': new Date(Date.now() + 20_000).toUTCString() }));
    const tracker = await identified();
    tracker.track('simulation-run', 'pension');
    await tracker.flush();
    await vi.advanceTimersByTimeAsync(19_000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(2);
  });

  it('an unreadable Retry-After falls back to the backoff, never to an immediate retry', async () => {
    const sent = stubFetch(status(503, { 'retry-after': 'soon' }));
    const tracker = await identified();
    tracker.track('simulation-run', 'pension');
    await tracker.flush();
    await vi.advanceTimersByTimeAsync(990);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toHaveLength(2);
  });

  it.each([400, 403, 413, 422])(
    'a %i drops the batch and counts it: the same bytes would be refused again',
    async (code) => {
      const sent = stubFetch(status(code));
      const tracker = await identified();
      tracker.track('simulation-run', 'pension');
      expect(await tracker.flush()).toBe(true);
      expect(tracker).toMatchObject({ queued: 0, dropped: 1, active: true });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sent).toHaveLength(1);
    },
  );

  it('a 401 (the session expired) ends it: what was queued under it is dropped, nothing more is queued', async () => {
    stubFetch(status(401));
    const tracker = await identified({ maxBatch: 1 });
    tracker.track('simulation-run', 'pension');
    tracker.track('simulation-run', 'pension');
    await tracker.flush();
    expect(tracker).toMatchObject({ queued: 0, dropped: 2, active: false });
    tracker.track('simulation-run', 'pension');
    expect(tracker.queued).toBe(0);
  });

  it('while Garde is away the queue keeps at most maxQueue events, dropping the oldest and counting them', async () => {
    const sent = stubFetch(offline);
    const tracker = await identified({ maxBatch: 2, maxQueue: 4 });
    tracker.track('simulation-run', 'pension');
    tracker.track('simulation-run', 'pension');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    const lost = sent[0]?.ids ?? [];
    // While backing off, a full batch waits for the retry instead of sending at once.
    for (let i = 0; i < 4; i++) tracker.track('simulation-run', 'pension');
    expect(sent).toHaveLength(1);
    expect(tracker).toMatchObject({ queued: 4, dropped: 2 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(3);
    const delivered = sent.slice(1).flatMap((s) => s.ids);
    expect(delivered).toHaveLength(4);
    expect(delivered.filter((id) => lost.includes(id))).toEqual([]);
    expect(tracker.queued).toBe(0);
  });
});
