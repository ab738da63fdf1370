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

/** A figure over the rounds of a run: its median, and the lowest and highest round. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** NaN marks a round without the figure (no sold-out answer, say) and is left out; none at all gives NaN. */
function spread(values: readonly number[]): Spread {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = Number.isInteger(middle)
    ? ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2
    : (sorted[Math.floor(middle)] ?? Number.NaN);
  return {
    median: oneDecimal(median),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Each named figure of `items` (one item per round) as a spread. */
export function spreads<Item, Figure extends string>(
  items: readonly Item[],
  figures: Record<Figure, (item: Item) => number>,
): Record<Figure, Spread> {
  const entries = (Object.keys(figures) as Figure[]).map(
    (figure) => [figure, spread(items.map(figures[figure]))] as const,
  );
  return Object.fromEntries(entries) as Record<Figure, Spread>;
}
