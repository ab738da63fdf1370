import type { Redis } from '@fcfs/shared';
import { asc, inArray } from 'drizzle-orm';
import type { OrdersDatabase } from '../../db/client.ts';
import { stockLocks } from '../../db/schema/index.ts';
import { checkThenReserve } from './check-then-reserve.ts';
import { lockOrder, type StockReservations } from './stock-reservations.ts';

/**
 * Check-then-reserve under `SELECT … FOR UPDATE` on each product's row in `stock_locks`, locked in
 * product-id order. A product's row is created the first time it is ordered, outside the locking
 * transaction, so concurrent first orders never deadlock on inserting it.
 */
export const dbLockReservations = (
  db: OrdersDatabase,
  redis: Redis,
  markerTtlMs: number,
): StockReservations => ({
  strategy: 'db-lock',
  async reserve(orderId, userId, lines) {
    const productIds = lockOrder(lines);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const outcome = await db.transaction(async (tx) => {
        const locked = await tx
          .select({ productId: stockLocks.productId })
          .from(stockLocks)
          .where(inArray(stockLocks.productId, productIds))
          .orderBy(asc(stockLocks.productId))
          .for('update');
        if (locked.length < productIds.length) return undefined;
        return checkThenReserve(redis, orderId, userId, lines, markerTtlMs);
      });
      if (outcome) return outcome;
      const createdAt = new Date();
      await db
        .insert(stockLocks)
        .ignore()
        .values(productIds.map((productId) => ({ productId, createdAt })));
    }
    throw new Error(`stock lock rows for ${productIds.join(',')} could not be created`);
  },
});
