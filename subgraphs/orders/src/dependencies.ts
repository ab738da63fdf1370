import { type Logger, type Redis, StockCounters } from '@fcfs/shared';
import type { OrdersConfig } from './config.ts';
import type { OrdersDatabase } from './db/client.ts';
import { type PlacedOrderWriter, writePlacedOrder } from './domain/open-order.ts';
import { createStockReservations, type StockReservations } from './domain/stock/index.ts';
import { Redlock } from './redlock.ts';

/** Everything the orders domain functions need, built once in main.ts (or by a test). */
export interface OrdersDependencies {
  db: OrdersDatabase;
  redis: Redis;
  /** The shared stock scripts: releases (and the lua strategy's reservations). */
  stock: StockCounters;
  reservations: StockReservations;
  redlock: Redlock;
  logger: Logger;
  /** Wakes the outbox relay after a commit that enqueued events. */
  eventsEnqueued: () => void;
  /** Writes a reserved order in its transaction; a seam so a test can make that write fail. */
  writePlacedOrder: PlacedOrderWriter;
  settings: { reservationTtlMs: number; returnWindowMs: number };
}

export function buildOrdersDependencies(
  config: Pick<OrdersConfig, 'STOCK_STRATEGY' | 'RESERVATION_TTL' | 'RETURN_WINDOW'>,
  connections: {
    db: OrdersDatabase;
    redis: Redis;
    logger: Logger;
    eventsEnqueued: () => void;
    writePlacedOrder?: PlacedOrderWriter;
  },
): OrdersDependencies {
  const { db, redis } = connections;
  const stock = new StockCounters(redis);
  const redlock = new Redlock([redis], { retryCount: 0 });
  return {
    ...connections,
    stock,
    redlock,
    reservations: createStockReservations(config.STOCK_STRATEGY, { db, redis, stock, redlock }),
    writePlacedOrder: connections.writePlacedOrder ?? writePlacedOrder,
    settings: { reservationTtlMs: config.RESERVATION_TTL, returnWindowMs: config.RETURN_WINDOW },
  };
}
