import { randomUUID } from 'node:crypto';
import type { Platform } from '../test/support/platform.ts';
import type { AccountFactory, BenchAccount } from './accounts.ts';
import { auditProduct } from './audit.ts';
import { runClosedLoop } from './drive.ts';
import { bearer, errorCode, type GraphQLClient } from './graphql-client.ts';
import type { OrderBook, StatusCounts } from './order-book.ts';
import { type LatencySummary, perSecond, summarize } from './stats.ts';

export const STOCK_STRATEGIES = ['lua', 'redlock', 'db-lock'] as const;
export type StockStrategy = (typeof STOCK_STRATEGIES)[number];

export interface FlashSaleSettings {
  buyers: number;
  stock: number;
  concurrency: number;
  rampMs: number;
  warmup: number;
  paidTimeoutMs: number;
}

export interface FlashSaleResult {
  strategy: StockStrategy;
  productId: string;
  buyers: number;
  stock: number;
  concurrency: number;
  /** Successful orders per second, from the first request to the last accepted answer. */
  throughput: number;
  rejectionsPerSecond: number;
  /** placeOrder latency of accepted orders, ms. */
  p50: number;
  p95: number;
  p99: number;
  accepted: LatencySummary;
  rejected: LatencySummary;
  /** Orders the platform wrote for the product (each one unit). */
  sold: number;
  oversold: number;
  /** Answers other than an order or OUT_OF_STOCK, by code. */
  errors: number;
  errorCodes: Record<string, number>;
  /** The first message seen for each error code, to tell a fault from a limit. */
  errorSamples: Record<string, string>;
  saleMs: number;
  /** From the first request until every accepted order was PAID; null if that did not happen in time. */
  allPaidMs: number | null;
  statuses: StatusCounts;
  /** DESIGN §5 invariants still violated for the product once the sale is quiet (the suite's checker). */
  violations: string[];
  /** How long the previous orders process took to stop (the platform kills it after 15 s); 0 without a restart. */
  ordersStopMs: number;
}

const PLACE_ORDER = /* GraphQL */ `
  mutation Buy($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }
`;

export interface FlashSaleContext {
  platform: Platform;
  gateway: GraphQLClient;
  accounts: AccountFactory;
  buyers: BenchAccount[];
  orderBook: OrderBook;
  newProduct: (name: string, stock: number) => Promise<string>;
}

const placeOrder = (context: FlashSaleContext, token: string, productId: string) =>
  context.gateway.post<{ placeOrder: { id: string } }>(
    {
      query: PLACE_ORDER,
      variables: { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
    },
    bearer(token),
  );

/** Fresh JIT and pools after the restart, on a product of its own, paid before the sale starts. */
async function warmUp(
  context: FlashSaleContext,
  settings: FlashSaleSettings,
  tokens: string[],
): Promise<void> {
  if (settings.warmup === 0) return;
  const productId = await context.newProduct('bench warm-up', settings.warmup);
  await runClosedLoop({ total: settings.warmup, concurrency: settings.concurrency }, async (index) => {
    await placeOrder(context, tokens[index % tokens.length] ?? '', productId);
  });
  await context.orderBook.waitUntilPaid(
    productId,
    settings.warmup,
    performance.now(),
    settings.paidTimeoutMs,
  );
}

/**
 * One strategy: the orders subgraph restarted with it (unless it already runs it), then every buyer presses
 * "buy" once on one hot product.
 */
export async function runFlashSale(
  context: FlashSaleContext,
  strategy: StockStrategy,
  settings: FlashSaleSettings,
  ordersEnv: Record<string, string>,
  restartOrders: boolean,
): Promise<FlashSaleResult> {
  let ordersStopMs = 0;
  if (restartOrders) {
    const stopping = performance.now();
    await context.platform.stopService('orders');
    ordersStopMs = Math.round(performance.now() - stopping);
    await context.platform.startService('orders', { STOCK_STRATEGY: strategy, ...ordersEnv });
  }

  // Tokens are what a login handed out earlier: signing them is not part of the sale.
  const tokens = context.buyers.slice(0, settings.buyers).map((buyer) => context.accounts.accessToken(buyer));
  await warmUp(context, settings, tokens);
  const productId = await context.newProduct(`bench flash sale ${strategy}`, settings.stock);

  const acceptedMs: number[] = [];
  const rejectedMs: number[] = [];
  const errorCodes: Record<string, number> = {};
  const errorSamples: Record<string, string> = {};
  let lastAcceptedAt = 0;
  let firstRejectedAt = Number.POSITIVE_INFINITY;
  const started = performance.now();
  const plan = { total: settings.buyers, concurrency: settings.concurrency, rampMs: settings.rampMs };
  await runClosedLoop(plan, async (index) => {
    const sentAt = performance.now();
    const response = await placeOrder(context, tokens[index] ?? '', productId);
    if (response.data?.placeOrder?.id) {
      acceptedMs.push(response.ms);
      lastAcceptedAt = performance.now();
    } else if (errorCode(response) === 'OUT_OF_STOCK') {
      rejectedMs.push(response.ms);
      firstRejectedAt = Math.min(firstRejectedAt, sentAt);
    } else {
      const code = errorCode(response);
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      errorSamples[code] ??= response.errors?.[0]?.message ?? `HTTP ${response.status}`;
    }
  });
  const ended = performance.now();

  const allPaidMs = await context.orderBook.waitUntilPaid(
    productId,
    acceptedMs.length,
    started,
    settings.paidTimeoutMs,
  );
  const violations = await auditProduct(productId, settings.paidTimeoutMs);
  const statuses = await context.orderBook.statusesOf(productId);
  const sold = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  const accepted = summarize(acceptedMs);
  return {
    strategy,
    productId,
    buyers: settings.buyers,
    stock: settings.stock,
    concurrency: settings.concurrency,
    throughput: perSecond(acceptedMs.length, lastAcceptedAt - started),
    rejectionsPerSecond: perSecond(rejectedMs.length, ended - Math.min(firstRejectedAt, ended)),
    p50: accepted.p50,
    p95: accepted.p95,
    p99: accepted.p99,
    accepted,
    rejected: summarize(rejectedMs),
    sold,
    oversold: Math.max(0, sold - settings.stock, acceptedMs.length - settings.stock),
    errors: Object.values(errorCodes).reduce((sum, count) => sum + count, 0),
    errorCodes,
    errorSamples,
    saleMs: Math.round(ended - started),
    allPaidMs: allPaidMs === null ? null : Math.round(allPaidMs),
    statuses,
    violations,
    ordersStopMs,
  };
}
