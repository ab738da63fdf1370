import type { StockCounters } from '@fcfs/shared';
import type { StockReservations } from './stock-reservations.ts';

/**
 * The default: one atomic Lua script per order, no lock anywhere on the hot path
 * (docs/architecture.md#placing-an-order).
 */
export const luaReservations = (stock: StockCounters, markerTtlMs: number): StockReservations => ({
  strategy: 'lua',
  reserve: (orderId, userId, lines) => stock.reserve(orderId, userId, lines, markerTtlMs),
});
