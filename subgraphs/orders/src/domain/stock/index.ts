import type { Redis, StockCounters } from '@fcfs/shared';
import type { OrdersDatabase } from '../../db/client.ts';
import type { Redlock } from '../../redlock.ts';
import { dbLockReservations } from './db-lock-reservations.ts';
import { luaReservations } from './lua-reservations.ts';
import { redlockReservations } from './redlock-reservations.ts';
import type { StockReservations, StockStrategy } from './stock-reservations.ts';

export { STOCK_STRATEGIES, type StockReservations, type StockStrategy } from './stock-reservations.ts';
export { timedReservations } from './timed-reservations.ts';

export function createStockReservations(
  strategy: StockStrategy,
  connections: { db: OrdersDatabase; redis: Redis; stock: StockCounters; redlock: Redlock },
  /** How long a reserved order id stays recognised as placed (IDEMPOTENCY_WINDOW). */
  markerTtlMs: number,
): StockReservations {
  switch (strategy) {
    case 'lua':
      return luaReservations(connections.stock, markerTtlMs);
    case 'redlock':
      return redlockReservations(connections.redis, connections.redlock, markerTtlMs);
    case 'db-lock':
      return dbLockReservations(connections.db, connections.redis, markerTtlMs);
  }
}
