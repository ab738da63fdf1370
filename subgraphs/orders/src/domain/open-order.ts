import {
  clientError,
  currentTraceparent,
  isDuplicateKeyError,
  notFound,
  type OrderLine,
  type ReservationRejection,
  temporarilyUnavailable,
  type Viewer,
} from '@fcfs/shared';
import type { OrdersExecutor } from '../db/client.ts';
import { findOrderById } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import { confirmHold } from './confirm-hold.ts';
import { orderIdFor } from './order-id.ts';
import type { PlacedOrder } from './order-writer.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';
import { holdExists } from './sale-catalog.ts';
import { recoverMissingCounters } from './stock/rebuild-counters.ts';

export interface OrderRequest {
  lines: OrderLine[];
  idempotencyKey: string;
  paymentMethod: string | null;
  /** Sealed with the buyer's data key; null takes the buyer's address book entry as the order is written. */
  shippingAddressCiphertext: string | null;
}

const REJECTION_MESSAGES: Record<Exclude<ReservationRejection, 'COUNTERS_MISSING'>, string> = {
  OUT_OF_STOCK: 'is sold out',
  SALE_NOT_STARTED: 'is not on sale yet',
  SALE_ENDED: 'is no longer on sale',
  PURCHASE_LIMIT_EXCEEDED: 'would exceed your purchase limit',
};

/** How long a concurrent retry of the same attempt waits for the first call's order before taking over. */
const CONCURRENT_ATTEMPT_WAIT_MS = 2_000;
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
      throw rejection(reservation.reason, reservation.productId);
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

/**
 * A failed write may still have produced the order: a concurrent call of the same attempt committed first
 * (duplicate key), or the connection was lost while COMMIT was answered. Releasing then would sell its units
 * twice, so the database is asked first: the order found is the answer; no order, the hold is released; no
 * answer either, the hold stays and the orphan sweeper frees it only if the order never appears.
 *
 * One found order does not own the units this call took: an order older than its placed marker (the
 * replay came after `IDEMPOTENCY_WINDOW`, so the script took fresh units for a settled order). Those go back.
 */
async function orderWrittenAfterAll(
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

/** Prices the lines at the unit prices the reservation read: the snapshot the order keeps. */
function priceOrder(
  deps: OrdersDependencies,
  buyer: Viewer,
  orderId: string,
  request: OrderRequest,
  unitPrices: (number | null)[],
): PlacedOrder {
  const items = request.lines.map(({ productId, quantity }, index) => {
    const unitPrice = unitPrices[index];
    if (unitPrice === null || unitPrice === undefined) throw notFound('Product', productId);
    return { orderId, productId, quantity, unitPrice };
  });
  const now = new Date();
  return {
    items,
    traceparent: currentTraceparent(),
    order: {
      id: orderId,
      userId: buyer.id,
      status: 'PAYMENT_PENDING',
      totalPrice: items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
      paymentMethod: request.paymentMethod,
      idempotencyKey: request.idempotencyKey,
      createdAt: now,
      updatedAt: now,
      statusChangedAt: now,
      reservedUntil: new Date(now.getTime() + deps.settings.reservationTtlMs),
      paidAt: null,
      deliveredAt: null,
      shippingAddressCiphertext: request.shippingAddressCiphertext,
    },
  };
}

type ConcurrentOutcome = OrderRow | 'released' | 'still-held';

async function awaitConcurrentAttempt(
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

function rejection(reason: ReservationRejection, productId: string) {
  if (reason === 'COUNTERS_MISSING') {
    return temporarilyUnavailable(`Stock of product ${productId} is being restored`, 1);
  }
  return clientError(reason, `Product ${productId} ${REJECTION_MESSAGES[reason]}`, { productId });
}
