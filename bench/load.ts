// Helpers for load figures: a paced loop at a target rate and latency percentiles.
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * Runs fn at `rate` calls per second for `seconds`, with at most `concurrency` in flight.
 * Returns each call's latency in ms, measured from when it started.
 */
export async function paced(
  rate: number,
  seconds: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
) {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const start = performance.now();
      await fn(i);
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, achievedRate: latencies.length / elapsed };
}
