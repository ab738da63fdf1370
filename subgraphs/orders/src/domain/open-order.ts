import { temporarilyUnavailable, type Viewer } from '@fcfs/shared';
import type { OrdersExecutor } from '../db/client.ts';
import type { OrderRow } from '../db/schema/index.ts';
import { awaitConcurrentAttempt, orderWrittenAfterAll } from './attempt-outcomes.ts';
import { confirmHold } from './confirm-hold.ts';
import { orderIdFor } from './order-id.ts';
import { type OrderRequest, priceOrder } from './order-pricing.ts';
import type { PlacedOrder } from './order-writer.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';
import { reservationRefusal } from './reservation-refusal.ts';
import { recoverMissingCounters } from './stock/rebuild-counters.ts';

const MAX_ROUNDS = 3;

/**
 * The hot path shared by placeOrder and checkoutCart: reserve in Redis (all lines or none), then write the
 * order, its lines, its first history row and `order.created` through the group commit (plus `alsoInTx`,
 * e.g. removing cart lines, in the same transaction). If that write fails, the reservation is released.
 *
 * A refusal (sold out, not on sale, over the limit) is decided by the reservation script alone: no MySQL.
 * Idempotency: the order id is derived from (buyer, key), and the script remembers each order id it
 * reserved for (a placed marker that outlives the hold for `IDEMPOTENCY_WINDOW`). A replay therefore comes
 * back `replayed` before any check that could refuse it, and only then is MySQL read for the order; a
 * concurrent call of the same attempt waits for the first one's order. The primary key makes the write
 * itself happen once.
 */
export async function openOrder(
  deps: OrdersDependencies,
  buyer: Viewer,
  request: OrderRequest,
  alsoInTx?: (tx: OrdersExecutor) => Promise<void>,
): Promise<OrderRow> {
  const orderId = orderIdFor(buyer.id, request.idempotencyKey);
  const productIds = request.lines.map((line) => line.productId);
  for (let round = 1; ; round += 1) {
    const reservation = await deps.reservations.reserve(orderId, buyer.id, request.lines);
    if (!reservation.ok) {
      if (reservation.reason === 'COUNTERS_MISSING' && round < MAX_ROUNDS) {
        // Redis lost the product's counters: rebuild them (or learn the product is unknown), then retry.
        await recoverMissingCounters(deps, reservation.productId);
        continue;
      }
      throw reservationRefusal(reservation.reason, reservation.productId);
    }
    if (reservation.replayed) {
      const outcome = await awaitConcurrentAttempt(deps, orderId, request.lines);
      if (typeof outcome === 'object') return outcome;
      if (outcome === 'released') {
        // No order and no hold: the first call failed and gave its units back. Its marker is stale.
        await deps.stock.release(orderId, productIds, { forget: true });
        if (round < MAX_ROUNDS) continue;
        throw temporarilyUnavailable('This order is being placed by another request', 1);
      }
      // Still held but no order: the first call died between reserving and writing; this one finishes.
    }
    return writeReservedOrder(deps, buyer, orderId, request, reservation, alsoInTx);
  }
}

async function writeReservedOrder(
  deps: OrdersDependencies,
  buyer: Viewer,
  orderId: string,
  request: OrderRequest,
  reservation: { replayed: boolean; unitPrices: (number | null)[] },
  alsoInTx: ((tx: OrdersExecutor) => Promise<void>) | undefined,
): Promise<OrderRow> {
  const productIds = request.lines.map((line) => line.productId);
  let placed: PlacedOrder;
  try {
    placed = priceOrder(deps, buyer, orderId, request, reservation.unitPrices);
  } catch (error) {
    await deps.stock.release(orderId, productIds, { forget: true });
    throw error;
  }
  try {
    const seq = await deps.orderWriter.submit({ placed, alsoInTx });
    const written = { ...placed.order, seq };
    // Off the buyer's path: an extra Redis read per order, not an extra wait.
    confirmHold(deps, written, request.lines).catch((error: unknown) =>
      deps.logger.error({ err: error, orderId }, 'could not confirm the hold of a written order'),
    );
    return written;
  } catch (error) {
    const existing = await orderWrittenAfterAll(deps, orderId, productIds, {
      error,
      tookUnits: !reservation.replayed,
    });
    if (existing) return existing;
    throw error;
  }
}
