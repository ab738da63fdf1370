import { deletePendingRelease, findStalePendingReleases } from '../db/orders-repository.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

/**
 * Gives an unpaid order's held units back after the transaction that closed it committed (and wrote its
 * pending_releases row). A failure leaves the row for the scheduler to finish; the release script is
 * idempotent, so finishing twice changes nothing.
 */
export async function releaseHold(
  deps: OrdersDependencies,
  orderId: string,
  productIds: string[],
): Promise<void> {
  try {
    await deps.stock.release(orderId, productIds);
    await deletePendingRelease(deps.db, orderId);
  } catch (error) {
    deps.logger.error({ err: error, orderId }, 'hold release failed; the scheduler will retry it');
  }
}

/** Scheduler step: releases whose follow-up did not run (crash, Redis outage) are finished here. */
export async function finishPendingReleases(
  deps: OrdersDependencies,
  olderThan: Date,
  limit: number,
): Promise<number> {
  const stale = await findStalePendingReleases(deps.db, olderThan, limit);
  for (const { orderId, productIds } of stale) await releaseHold(deps, orderId, productIds);
  return stale.length;
}
