import type { BuyerSession } from './accounts.ts';
import { auditProduct } from './audit.ts';
import type { CpuShare } from './cpu-share.ts';
import { runClosedLoop } from './drive.ts';
import { errorCode } from './graphql-client.ts';
import type { OrderBook, StatusCounts } from './order-book.ts';
import type { PlaceOrder, Route } from './order-routes.ts';
import { type LatencySummary, perSecond, summarize } from './stats.ts';

export const STOCK_STRATEGIES = ['lua', 'redlock', 'db-lock'] as const;
export type StockStrategy = (typeof STOCK_STRATEGIES)[number];

export interface FlashSaleSettings {
  buyers: number;
  stock: number;
  concurrency: number;
  rampMs: number;
  paidTimeoutMs: number;
}

export interface FlashSaleResult {
  strategy: StockStrategy;
  route: Route;
  productId: string;
  buyers: number;
  stock: number;
  concurrency: number;
  /** Successful orders per second, from the first request to the last accepted answer. */
  throughput: number;
  rejectionsPerSecond: number;
  /** placeOrder latency of accepted orders, ms. */
  accepted: LatencySummary;
  /** placeOrder latency of OUT_OF_STOCK answers, ms. */
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
  /** CPU ms of each process from the first request to the last answer (payments and mails run meanwhile). */
  cpuDuringSale: CpuShare;
  /**
   * Stock invariants (docs/architecture.md#stock-rules) still violated for the product once the sale is quiet
   * (the suite's checker).
   */
  violations: string[];
}

export interface FlashSaleContext {
  orderBook: OrderBook;
  /** A fresh product on sale now; one unit per buyer unless `purchaseLimit` says otherwise. */
  newProduct: (name: string, stock: number, purchaseLimit?: number) => Promise<string>;
  /** Starts counting each process's CPU; the returned function reads it. */
  startCpuShare: () => () => CpuShare;
}

/** Every buyer presses "buy" once on a fresh hot product; then waits until the accepted orders are PAID and audits it. */
export async function runFlashSale(
  context: FlashSaleContext,
  sale: { strategy: StockStrategy; route: Route; placeOrder: PlaceOrder; buyers: BuyerSession[] },
  settings: FlashSaleSettings,
): Promise<FlashSaleResult> {
  const productId = await context.newProduct(
    `bench flash sale ${sale.strategy} ${sale.route}`,
    settings.stock,
  );
  const acceptedMs: number[] = [];
  const rejectedMs: number[] = [];
  const errorCodes: Record<string, number> = {};
  const errorSamples: Record<string, string> = {};
  let lastAcceptedAt = 0;
  let firstRejectedAt = Number.POSITIVE_INFINITY;
  const readCpuShare = context.startCpuShare();
  const started = performance.now();
  const plan = { total: settings.buyers, concurrency: settings.concurrency, rampMs: settings.rampMs };
  await runClosedLoop(plan, async (index) => {
    const buyer = sale.buyers[index];
    if (!buyer) return;
    const sentAt = performance.now();
    const response = await sale.placeOrder(buyer, productId);
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
  const cpuDuringSale = readCpuShare();

  const allPaidMs = await context.orderBook.waitUntilPaid(
    productId,
    acceptedMs.length,
    started,
    settings.paidTimeoutMs,
  );
  const violations = await auditProduct(productId, settings.paidTimeoutMs);
  const statuses = await context.orderBook.statusesOf(productId);
  const sold = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    strategy: sale.strategy,
    route: sale.route,
    productId,
    buyers: settings.buyers,
    stock: settings.stock,
    concurrency: settings.concurrency,
    throughput: perSecond(acceptedMs.length, lastAcceptedAt - started),
    rejectionsPerSecond: perSecond(rejectedMs.length, ended - Math.min(firstRejectedAt, ended)),
    accepted: summarize(acceptedMs),
    rejected: summarize(rejectedMs),
    sold,
    oversold: Math.max(0, sold - settings.stock, acceptedMs.length - settings.stock),
    errors: Object.values(errorCodes).reduce((sum, count) => sum + count, 0),
    errorCodes,
    errorSamples,
    saleMs: Math.round(ended - started),
    allPaidMs: allPaidMs === null ? null : Math.round(allPaidMs),
    statuses,
    cpuDuringSale,
    violations,
  };
}
