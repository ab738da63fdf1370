/** Latency figures in milliseconds, one decimal: what every table and latest.json report. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending list; NaN for an empty one. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

export function summarize(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: oneDecimal(percentile(sorted, 50)),
    p95: oneDecimal(percentile(sorted, 95)),
    p99: oneDecimal(percentile(sorted, 99)),
    max: oneDecimal(sorted.at(-1) ?? Number.NaN),
  };
}

/** Events per second over a window; 0 for an empty window rather than Infinity. */
export const perSecond = (count: number, windowMs: number): number =>
  windowMs > 0 ? Math.round((count / windowMs) * 1_000 * 10) / 10 : 0;
