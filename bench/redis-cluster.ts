// bash scripts/run.sh node bench/redis-cluster.ts: the reservation script on one Redis (REDIS_URL, default
// 127.0.0.1:6379) against the local Redis Cluster (REDIS_CLUSTER=1 pnpm infra:up; REDIS_CLUSTER_NODES). Three figures for docs/architecture.md#redis-cluster: the ceiling with one
// hot product, with 30 products, and the latency of a 3-product order (one script call on one Redis, three
// calls in product-id order on the cluster). Every hold is released and every key deleted afterwards.
import { randomUUID } from 'node:crypto';
import { createRedis, type Redis, type RedisTarget, StockCounters, stockKeys } from '@fcfs/shared';
import { MARKER_TTL_MS } from '@fcfs/shared/testing';
import { runClosedLoop } from './drive.ts';
import { type LatencySummary, perSecond, summarize } from './stats.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 200;
const ORDERS_OF_THREE = 2_000;
const seeds = (process.env.REDIS_CLUSTER_NODES || '127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002')
  .split(',')
  .map((node) => ({ host: node.split(':')[0] ?? '', port: Number(node.split(':')[1]) }));
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const targets: Record<string, RedisTarget> = {
  'one Redis': { url },
  '3-primary cluster': { url, clusterNodes: seeds },
};

async function withProducts<T>(redis: Redis, count: number, run: (ids: string[]) => Promise<T>): Promise<T> {
  const stock = new StockCounters(redis);
  const ids = Array.from({ length: count }, () => `bench-cluster-${randomUUID().slice(0, 8)}`);
  for (const productId of ids) {
    await stock.publish(
      {
        productId,
        price: 1_000,
        saleStartsAt: new Date(Date.now() - 60_000),
        saleEndsAt: null,
        purchaseLimit: 1_000_000_000,
        received: 1_000_000_000,
        available: 1_000_000_000,
      },
      { createCounters: true },
    );
  }
  try {
    return await run(ids);
  } finally {
    await Promise.all(ids.flatMap((id) => Object.values(stockKeys(id)).map((key) => redis.del(key))));
  }
}

/** Single-line reservations from CONCURRENCY closed-loop buyers for SECONDS, spread over `products`. */
async function ceiling(
  redis: Redis,
  products: number,
): Promise<{ perSecond: number; latency: LatencySummary }> {
  const stock = new StockCounters(redis);
  return withProducts(redis, products, async (ids) => {
    const latencies: number[] = [];
    let reserved = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1_000;
    await runClosedLoop(
      { total: Number.MAX_SAFE_INTEGER, concurrency: CONCURRENCY, stop: () => performance.now() > deadline },
      async (index) => {
        const orderId = `o-${index}`;
        const sentAt = performance.now();
        const outcome = await stock.reserve(
          orderId,
          orderId,
          [{ productId: ids[index % ids.length] ?? '', quantity: 1 }],
          MARKER_TTL_MS,
        );
        latencies.push(performance.now() - sentAt);
        if (outcome.ok) reserved += 1;
      },
    );
    return { perSecond: perSecond(reserved, performance.now() - started), latency: summarize(latencies) };
  });
}

/** One buyer at a time: the latency a 3-product order's reservation pays, without any queueing. */
async function orderOfThree(redis: Redis): Promise<LatencySummary> {
  const stock = new StockCounters(redis);
  return withProducts(redis, 3, async (ids) => {
    const latencies: number[] = [];
    for (let index = 0; index < ORDERS_OF_THREE; index += 1) {
      const orderId = `three-${index}`;
      const sentAt = performance.now();
      const outcome = await stock.reserve(
        orderId,
        orderId,
        ids.map((productId) => ({ productId, quantity: 1 })),
        MARKER_TTL_MS,
      );
      latencies.push(performance.now() - sentAt);
      if (!outcome.ok) throw new Error(`3-product order refused: ${outcome.reason}`);
    }
    return summarize(latencies);
  });
}

const results: Record<string, unknown> = {};
for (const [name, target] of Object.entries(targets)) {
  const redis = createRedis(target, { connectionName: 'bench-redis-cluster' });
  try {
    const hot = await ceiling(redis, 1);
    const spread = await ceiling(redis, 30);
    const three = await orderOfThree(redis);
    results[name] = { hotProduct: hot, thirtyProducts: spread, orderOfThree: three };
    process.stdout.write(
      `${name}: 1 hot product ${hot.perSecond}/s (p50 ${hot.latency.p50} ms), 30 products ${spread.perSecond}/s ` +
        `(p50 ${spread.latency.p50} ms); 3-product order p50 ${three.p50} ms, p99 ${three.p99} ms\n`,
    );
  } finally {
    redis.disconnect();
  }
}
process.stdout.write(`${JSON.stringify({ seconds: SECONDS, concurrency: CONCURRENCY, results }, null, 2)}\n`);
