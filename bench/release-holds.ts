import type { StockCounters } from '@fcfs/shared';

const RELEASE_BATCH = 1_000;

/** Gives back holds the bench took straight in Redis, a thousand in flight at a time. */
export async function releaseHolds(
  stock: StockCounters,
  holds: readonly { orderId: string; productIds: string[] }[],
): Promise<void> {
  for (let start = 0; start < holds.length; start += RELEASE_BATCH) {
    await Promise.all(
      holds
        .slice(start, start + RELEASE_BATCH)
        .map(({ orderId, productIds }) => stock.release(orderId, productIds)),
    );
  }
}
