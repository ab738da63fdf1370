import { isDuplicateKeyError, type OrderLine } from '@fcfs/shared';
import { findOrderById } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';
import { holdExists } from './sale-catalog.ts';

/** How long a concurrent retry of the same attempt waits for the first call's order before taking over. */
const CONCURRENT_ATTEMPT_WAIT_MS = 2_000;

/**
 * A failed write may still have produced the order: a concurrent call of the same attempt committed first
 * (duplicate key), or the connection was lost while COMMIT was answered. Releasing then would sell its units
 * twice, so the database is asked first: the order found is the answer; no order, the hold is released; no
 * answer either, the hold stays and the orphan sweeper frees it only if the order never appears.
 *
 * One found order does not own the units this call took: an order older than its placed marker (the
 * replay came after `IDEMPOTENCY_WINDOW`, so the script took fresh units for a settled order). Those go back.
 */
export async function orderWrittenAfterAll(
  deps: OrdersDependencies,
  orderId: string,
  productIds: string[],
  failure: { error: unknown; tookUnits: boolean },
): Promise<OrderRow | undefined> {
  try {
    const existing = await findOrderById(deps.db, orderId);
    if (!existing) {
      await deps.stock.release(orderId, productIds, { forget: true });
      return undefined;
    }
    const markerOutlived = existing.createdAt.getTime() < Date.now() - deps.settings.idempotencyWindowMs;
    if (failure.tookUnits && isDuplicateKeyError(failure.error) && markerOutlived) {
      await deps.stock.release(orderId, productIds);
    }
    return existing;
  } catch (error) {
    deps.logger.warn({ err: error, orderId }, 'hold of an unconfirmed order kept for the orphan sweeper');
    return undefined;
  }
}

/**
 * A replay found the attempt's units held: waits for the first call's order. Gives the order, `released` when
 * the first call failed and gave the units back, or `still-held` when it died between reserving and writing.
 */
export type ConcurrentOutcome = OrderRow | 'released' | 'still-held';

export async function awaitConcurrentAttempt(
  deps: OrdersDependencies,
  orderId: string,
  lines: OrderLine[],
): Promise<ConcurrentOutcome> {
  const [first] = lines;
  const deadline = Date.now() + CONCURRENT_ATTEMPT_WAIT_MS;
  for (;;) {
    const order = await findOrderById(deps.db, orderId);
    if (order) return order;
    if (!first || !(await holdExists(deps.redis, orderId, first.productId))) {
      return (await findOrderById(deps.db, orderId)) ?? 'released';
    }
    if (Date.now() > deadline) return 'still-held';
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
