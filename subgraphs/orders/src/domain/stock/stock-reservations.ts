import type { OrderLine, ReservationResult } from '@fcfs/shared';

/** How placeOrder takes units off the shelf (`STOCK_STRATEGY`); see the files beside this one. */
export const STOCK_STRATEGIES = ['lua', 'redlock', 'db-lock'] as const;
export type StockStrategy = (typeof STOCK_STRATEGIES)[number];

/**
 * Reserves all lines of one order or none, with the same checks and rejections under every strategy (sale
 * window, per-user limit over open and paid orders, availability). Reserving the same order id again
 * reserves nothing more and answers `replayed`. Releases always go through the shared release script.
 */
export interface StockReservations {
  readonly strategy: StockStrategy;
  reserve(orderId: string, userId: string, lines: OrderLine[]): Promise<ReservationResult>;
}

/** Products in one global order, so two orders that lock the same products never wait on each other. */
export const lockOrder = (lines: OrderLine[]): string[] =>
  [...new Set(lines.map((line) => line.productId))].sort();
