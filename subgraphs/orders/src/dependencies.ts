import {
  addressEventKey,
  type Logger,
  ordersPiiKey,
  paymentIdKey,
  type Redis,
  Registry,
  StockCounters,
} from '@fcfs/shared';
import type { OrdersConfig } from './config.ts';
import type { OrdersDatabase } from './db/client.ts';
import { createOrderWriter, type PlacedOrdersWriter, writePlacedOrders } from './domain/order-writer.ts';
import type { OrdersDependencies } from './domain/orders-dependencies.ts';
import { createStockReservations, timedReservations } from './domain/stock/index.ts';
import { createOrdersMetrics, type OrdersMetrics } from './metrics.ts';
import { Redlock } from './redlock.ts';

/** Builds what the orders domain needs, once in app.ts (or by a test). */
export function buildOrdersDependencies(
  config: Pick<
    OrdersConfig,
    | 'STOCK_STRATEGY'
    | 'RESERVATION_TTL'
    | 'RETURN_WINDOW'
    | 'IDEMPOTENCY_WINDOW'
    | 'ORDER_WRITE_WINDOW'
    | 'ORDER_WRITE_BATCH'
    | 'GATEWAY_SIGNING_SECRET'
  >,
  connections: {
    db: OrdersDatabase;
    redis: Redis;
    logger: Logger;
    eventsEnqueued: () => void;
    /** A seam so a test can make the write of placed orders fail. */
    writePlacedOrders?: PlacedOrdersWriter;
    /** Defaults to series on a registry of their own, which nothing scrapes (tests, benchmarks). */
    metrics?: OrdersMetrics;
  },
): OrdersDependencies {
  const { db, redis, logger, eventsEnqueued } = connections;
  const metrics = connections.metrics ?? createOrdersMetrics(new Registry());
  const stock = new StockCounters(redis);
  const redlock = new Redlock([redis], { retryCount: 0 });
  const orderWriter = createOrderWriter(
    {
      db,
      logger,
      eventsEnqueued,
      writePlacedOrders: connections.writePlacedOrders ?? writePlacedOrders,
      onBatchCommitted: metrics.orderBatchCommitted,
    },
    { windowMs: config.ORDER_WRITE_WINDOW, maxBatch: config.ORDER_WRITE_BATCH },
  );
  return {
    db,
    redis,
    logger,
    paymentIds: paymentIdKey(config.GATEWAY_SIGNING_SECRET),
    pii: {
      keyEncryptionKey: ordersPiiKey(config.GATEWAY_SIGNING_SECRET),
      addressEventKey: addressEventKey(config.GATEWAY_SIGNING_SECRET),
    },
    eventsEnqueued,
    stock,
    redlock,
    orderWriter,
    metrics,
    reservations: timedReservations(
      createStockReservations(
        config.STOCK_STRATEGY,
        { db, redis, stock, redlock },
        config.IDEMPOTENCY_WINDOW,
      ),
      metrics,
    ),
    settings: {
      reservationTtlMs: config.RESERVATION_TTL,
      returnWindowMs: config.RETURN_WINDOW,
      idempotencyWindowMs: config.IDEMPOTENCY_WINDOW,
    },
  };
}
