/** The orders the group commit wrote over one sale, read from orders' `fcfs_order_batch_size` histogram. */
export interface BatchSizes {
  /** Group-commit transactions. */
  batches: number;
  /** Orders they wrote. */
  orders: number;
  /** Transactions by size, keyed by the histogram bucket's upper bound (`1`, `2`, `5`, … `+Inf`). */
  bySize: Record<string, number>;
}

/** The histogram as `/metrics` shows it at one moment: cumulative buckets in ascending order. */
export interface BatchHistogram {
  sum: number;
  count: number;
  buckets: [upperBound: string, cumulative: number][];
}

const SERIES = 'fcfs_order_batch_size';

/** Reads the histogram from the orders process (`/metrics` beside its `/graphql`). */
export async function readBatchHistogram(ordersGraphqlUrl: string): Promise<BatchHistogram> {
  const response = await fetch(new URL('/metrics', ordersGraphqlUrl));
  if (!response.ok) throw new Error(`orders /metrics answered ${response.status}`);
  const histogram: BatchHistogram = { sum: 0, count: 0, buckets: [] };
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith(SERIES)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith(`${SERIES}_sum`)) histogram.sum = value;
    else if (line.startsWith(`${SERIES}_count`)) histogram.count = value;
    else {
      const upperBound = /le="([^"]+)"/.exec(line)?.[1];
      if (upperBound) histogram.buckets.push([upperBound, value]);
    }
  }
  return histogram;
}

/** What was written between two readings of the same process. */
export function batchSizesBetween(before: BatchHistogram, after: BatchHistogram): BatchSizes {
  const earlier = new Map(before.buckets);
  const bySize: Record<string, number> = {};
  let belowThisBucket = 0;
  for (const [upperBound, cumulative] of after.buckets) {
    const upToHere = cumulative - (earlier.get(upperBound) ?? 0);
    const inBucket = upToHere - belowThisBucket;
    if (inBucket > 0) bySize[upperBound] = inBucket;
    belowThisBucket = upToHere;
  }
  return { batches: after.count - before.count, orders: after.sum - before.sum, bySize };
}

/** `2,000 orders in 153 transactions (13.1 each); ≤1: 3, ≤2: 5, …` */
export function describeBatchSizes({ batches, orders, bySize }: BatchSizes): string {
  if (batches === 0) return 'no group commit';
  const sizes = Object.entries(bySize)
    .map(([upperBound, count]) => `≤${upperBound}: ${count}`)
    .join(', ');
  return `${orders} orders in ${batches} transactions (${(orders / batches).toFixed(1)} each); ${sizes}`;
}
