import { type Redis, stockKeys, temporarilyUnavailable } from '@fcfs/shared';
import type { Lock, Redlock } from '../../redlock.ts';
import { checkThenReserve } from './check-then-reserve.ts';
import { lockOrder, type StockReservations } from './stock-reservations.ts';

/** The lock shares the product's hash tag, so it lives in the same Redis Cluster slot as its counters. */
export const productLock = (productId: string) => `${stockKeys(productId).stock}:lock`;

/** Long enough for a check and a write; a holder that stalls longer loses exclusivity. */
const LOCK_TTL_MS = 2_000;
/** Waits up to about ten seconds for a hot product's lock, as the seed design's buyers did. */
const ACQUIRE_SETTINGS = { retryCount: 1_000, retryDelay: 8, retryJitter: 8 } as const;

/**
 * The seed design: a redlock per product around check-then-reserve. Products are locked one by one in a
 * global order (no deadlock between overlapping orders; each lock stays within one cluster slot).
 */
export const redlockReservations = (
  redis: Redis,
  redlock: Redlock,
  markerTtlMs: number,
): StockReservations => ({
  strategy: 'redlock',
  async reserve(orderId, userId, lines) {
    const held: Lock[] = [];
    try {
      for (const productId of lockOrder(lines)) {
        const lock = await redlock
          .acquire([productLock(productId)], LOCK_TTL_MS, ACQUIRE_SETTINGS)
          .catch(() => {
            // The seed design's failure mode under a rush: no lock within the wait. Retryable, not a crash.
            throw temporarilyUnavailable(`Product ${productId} is too busy right now`, 1);
          });
        held.push(lock);
      }
      return await checkThenReserve(redis, orderId, userId, lines, markerTtlMs);
    } finally {
      // A failed release only means the lock lapses at its TTL; the reservation itself is already decided.
      await Promise.allSettled(held.map((lock) => lock.release()));
    }
  },
});
