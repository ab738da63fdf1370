import type { Platform } from '../test/support/platform.ts';
import type { AccountFactory, BenchAccount, BuyerSession } from './accounts.ts';
import { type BatchSizes, batchSizesBetween, readBatchHistogram } from './batch-sizes.ts';
import { runClosedLoop } from './drive.ts';
import {
  type FlashSaleContext,
  type FlashSaleResult,
  type FlashSaleSettings,
  runFlashSale,
  type StockStrategy,
} from './flash-sale.ts';
import { type PlaceOrder, ROUTES, type Route } from './order-routes.ts';

export interface TurnContext extends FlashSaleContext {
  platform: Platform;
  accounts: AccountFactory;
  buyers: BenchAccount[];
  routes: Record<Route, PlaceOrder>;
}

export interface TurnSettings extends FlashSaleSettings {
  /** Orders per route on a warm-up product of its own, after the restart and before the sales. */
  warmup: number;
}

export interface StrategyTurn {
  strategy: StockStrategy;
  /** How long the previous orders process took to stop (the platform kills it after 15 s). */
  ordersStopMs: number;
  sales: Record<Route, FlashSaleResult>;
  /** Orders' group commits during each sale. */
  batches: Record<Route, BatchSizes>;
}

/** Fresh JIT and pools after the restart, on a product of its own, paid before the sale starts. */
async function warmUp(
  context: TurnContext,
  placeOrder: PlaceOrder,
  buyers: BuyerSession[],
  settings: TurnSettings,
): Promise<void> {
  if (settings.warmup === 0) return;
  const productId = await context.newProduct('bench warm-up', settings.warmup);
  await runClosedLoop({ total: settings.warmup, concurrency: settings.concurrency }, async (index) => {
    const buyer = buyers[index % buyers.length];
    if (buyer) await placeOrder(buyer, productId);
  });
  await context.orderBook.waitUntilPaid(
    productId,
    settings.warmup,
    performance.now(),
    settings.paidTimeoutMs,
  );
}

/**
 * One strategy's turn in a round, the same for every strategy: the orders subgraph restarted with it, the
 * same warm-up through each route, then one flash sale through the gateway and one straight to orders, each
 * on a fresh product.
 */
export async function runStrategyTurn(
  context: TurnContext,
  strategy: StockStrategy,
  settings: TurnSettings,
  ordersEnv: Record<string, string> = {},
): Promise<StrategyTurn> {
  const stopping = performance.now();
  await context.platform.stopService('orders');
  const ordersStopMs = Math.round(performance.now() - stopping);
  await context.platform.startService('orders', { STOCK_STRATEGY: strategy, ...ordersEnv });

  // Tokens are what a login handed out earlier: signing them is not part of the sale.
  const buyers = context.buyers.slice(0, settings.buyers).map((buyer) => context.accounts.session(buyer));
  for (const route of ROUTES) await warmUp(context, context.routes[route], buyers, settings);
  const ordersUrl = context.platform.urlOf('orders');
  const sale = async (route: Route) => {
    const before = await readBatchHistogram(ordersUrl);
    const result = await runFlashSale(
      context,
      { strategy, route, placeOrder: context.routes[route], buyers },
      settings,
    );
    return { result, batches: batchSizesBetween(before, await readBatchHistogram(ordersUrl)) };
  };
  const gateway = await sale('gateway');
  const direct = await sale('direct');
  return {
    strategy,
    ordersStopMs,
    sales: { gateway: gateway.result, direct: direct.result },
    batches: { gateway: gateway.batches, direct: direct.batches },
  };
}
