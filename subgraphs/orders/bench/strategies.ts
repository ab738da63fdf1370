// placeOrder straight on the orders subgraph (signed like the gateway signs), 100 concurrent buyers, for each
// STOCK_STRATEGY in one run: `node subgraphs/orders/bench/strategies.ts` with .infra/local.env loaded.
// Every buyer competes for the same hot product, as in a flash sale; each request is a new buyer and a new
// idempotency key, so every request takes the reservation path. BENCH_ORDERS and BENCH_CONCURRENCY override.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  createRedis,
  loadConfig,
  redisTarget,
  runMigrations,
  StockCounters,
  stockKeys,
  subgraphSigningKey,
} from '@fcfs/shared';
import { callSubgraph } from '@fcfs/shared/testing';
import { ordersEnv } from '../src/config.ts';
import { connectOrdersDatabase, migrationsFolder } from '../src/db/client.ts';
import { STOCK_STRATEGIES, type StockStrategy } from '../src/domain/stock/index.ts';
import { purgeOrders } from '../test/purge-orders.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 100);
const WARMUP = 300;

const PLACE_ORDER = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }
`;

interface Result {
  strategy: StockStrategy;
  placed: number;
  failed: number;
  ordersPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function runStrategy(strategy: StockStrategy, runTag: string): Promise<Result> {
  const server = await startServer(strategy);
  const productId = String(700_000_000_000 + Math.floor(Math.random() * 99_999_999_999));
  await stock.publish(
    {
      productId,
      price: 189_000,
      saleStartsAt: new Date(Date.now() - 60_000),
      saleEndsAt: null,
      purchaseLimit: 1,
      received: ORDERS + WARMUP,
      available: ORDERS + WARMUP,
    },
    { createCounters: true },
  );

  let buyer = 0;
  const placeOne = async () => {
    buyer += 1;
    const viewer = { id: `bench-${runTag}-${strategy}-${buyer}`, role: 'CUSTOMER' as const };
    const started = performance.now();
    const response = await callSubgraph<{ placeOrder: { id: string } }>(server.url, signingKey, viewer, {
      query: PLACE_ORDER,
      variables: { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
    });
    return { ok: response.data?.placeOrder.id !== undefined, ms: performance.now() - started };
  };
  const drive = async (total: number) => {
    const latencies: number[] = [];
    let failed = 0;
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (issued < total) {
          issued += 1;
          const { ok, ms } = await placeOne();
          if (ok) latencies.push(ms);
          else failed += 1;
        }
      }),
    );
    return { latencies, failed, seconds: (performance.now() - started) / 1_000 };
  };

  try {
    await drive(WARMUP);
    const { latencies, failed, seconds } = await drive(ORDERS);
    latencies.sort((a, b) => a - b);
    return {
      strategy,
      placed: latencies.length,
      failed,
      ordersPerSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
    };
  } finally {
    await server.stop();
    // The bench's orders must not linger for a running scheduler or relay to act on.
    await purgeOrders(database.db, `bench-${runTag}-`);
    await redis.del(...Object.values(stockKeys(productId)));
  }
}

/** Each strategy's subgraph runs in its own process, so the load generator does not share its CPU. */
async function startServer(strategy: StockStrategy): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./strategy-server.ts', import.meta.url))], {
    env: { ...process.env, DATABASE_URL: config.DATABASE_URL, STOCK_STRATEGY: strategy, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return {
    url: line.trim(),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const config = loadConfig(ordersEnv, { ...process.env, DATABASE_URL: process.env.ORDERS_DATABASE_URL });
const signingKey = subgraphSigningKey(config.GATEWAY_SIGNING_SECRET, 'orders');
const database = connectOrdersDatabase(config.DATABASE_URL, { connectionLimit: 2 });
await runMigrations(database.db, migrationsFolder);
const redis = createRedis(redisTarget(config));
const stock = new StockCounters(redis);

const runTag = randomUUID().slice(0, 8);
const results: Result[] = [];
for (const strategy of STOCK_STRATEGIES) {
  process.stderr.write(`bench: ${strategy} (${ORDERS} orders, ${CONCURRENCY} concurrent buyers)…\n`);
  results.push(await runStrategy(strategy, runTag));
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const rows = [
  ['strategy', 'placed', 'failed', 'orders/s', 'p50 ms', 'p95 ms', 'p99 ms'],
  ...results.map((r) => [
    r.strategy,
    String(r.placed),
    String(r.failed),
    fixed(r.ordersPerSecond, 0),
    fixed(r.p50),
    fixed(r.p95),
    fixed(r.p99),
  ]),
];
const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
process.stdout.write(
  `placeOrder on the orders subgraph, one hot product, ${CONCURRENCY} concurrent buyers, ${ORDERS} orders each\n`,
);
for (const row of rows) {
  process.stdout.write(`${row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ')}\n`);
}
redis.disconnect();
await database.close();
