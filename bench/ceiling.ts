import { randomUUID } from 'node:crypto';
import { createRedis, StockCounters } from '@fcfs/shared';
import { MARKER_TTL_MS } from '@fcfs/shared/testing';
import { runClosedLoop } from './drive.ts';
import { releaseHolds } from './release-holds.ts';
import { type LatencySummary, perSecond, summarize } from './stats.ts';

export interface Ceiling {
  concurrency: number;
  seconds: number;
  reservations: number;
  reservationsPerSecond: number;
  latency: LatencySummary;
  rejected: number;
}

/**
 * The reservation Lua script alone (StockCounters.reserve, one ioredis connection, no HTTP, no MySQL): how
 * many orders per second the hot path could take if everything around it were free. Runs on a real product's
 * counters and releases every hold afterwards, so the product ends as it started.
 */
export async function measureCeiling(
  productId: string,
  concurrency: number,
  seconds: number,
): Promise<Ceiling> {
  const redis = createRedis(process.env.REDIS_URL ?? '');
  const stock = new StockCounters(redis);
  const tag = randomUUID().slice(0, 8);
  const reserved: string[] = [];
  const latencies: number[] = [];
  let rejected = 0;
  const deadline = performance.now() + seconds * 1_000;
  try {
    const started = performance.now();
    const stop = () => performance.now() > deadline;
    await runClosedLoop({ total: Number.MAX_SAFE_INTEGER, concurrency, stop }, async (index) => {
      const orderId = `ceiling-${tag}-${index}`;
      const sentAt = performance.now();
      const outcome = await stock.reserve(orderId, orderId, [{ productId, quantity: 1 }], MARKER_TTL_MS);
      latencies.push(performance.now() - sentAt);
      if (outcome.ok) reserved.push(orderId);
      else rejected += 1;
    });
    const elapsed = performance.now() - started;
    return {
      concurrency,
      seconds,
      reservations: reserved.length,
      reservationsPerSecond: perSecond(reserved.length, elapsed),
      latency: summarize(latencies),
      rejected,
    };
  } finally {
    await releaseHolds(
      stock,
      reserved.map((orderId) => ({ orderId, productIds: [productId] })),
    );
    redis.disconnect();
  }
}
