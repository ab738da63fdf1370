import {
  clientError,
  createEvent,
  enqueueEvents,
  notFound,
  type OrderLine,
  type ReservationRejection,
  retryOnDeadlock,
  temporarilyUnavailable,
  type Viewer,
} from '@fcfs/shared';
import type { OrdersExecutor } from '../db/client.ts';
import { findOrderById, insertOrder, insertStatusChange } from '../db/orders-repository.ts';
import type { OrderItemRow, OrderRow } from '../db/schema/index.ts';
import type { OrdersDependencies } from '../dependencies.ts';
import { confirmHold } from './confirm-hold.ts';
import { orderIdFor } from './order-id.ts';
import { statusChanged } from './order-state-machine.ts';
import { holdExists, salePrices } from './sale-catalog.ts';
import { recoverMissingCounters } from './stock/rebuild-counters.ts';

export interface OrderRequest {
  lines: OrderLine[];
  idempotencyKey: string;
  paymentMethod: string | null;
}

/** A reserved order, priced, about to be written. */
export interface PlacedOrder {
  order: Omit<OrderRow, 'seq'>;
  items: OrderItemRow[];
}

/** Writes a placed order with its history row and outbox events in the caller's transaction; returns `seq`. */
export type PlacedOrderWriter = (tx: OrdersExecutor, placed: PlacedOrder) => Promise<number>;

export const writePlacedOrder: PlacedOrderWriter = async (tx, { order, items }) => {
  const seq = await insertOrder(tx, order, items);
  await insertStatusChange(tx, {
    orderId: order.id,
    fromStatus: null,
    toStatus: order.status,
    reason: null,
    changedAt: order.createdAt,
  });
  await enqueueEvents(tx, [
    createEvent(
      'order.created',
      order.id,
      {
        orderId: order.id,
        userId: order.userId,
        items: items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice })),
        totalPrice: order.totalPrice,
        paymentMethod: order.paymentMethod,
      },
      order.createdAt,
    ),
    statusChanged(order, null, order.status, order.createdAt),
  ]);
  return seq;
};

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
 * order, its lines, its first history row and `order.created` in one MySQL transaction (plus `alsoInTx`,
 * e.g. removing cart lines). If that transaction fails, the reservation is released: no leaked stock.
 *
 * Idempotency: the order id is derived from (buyer, key). An existing order is returned as is. Concurrent
 * calls reserve under the same id, so only the first takes units (the others see `replayed`) and wait for
 * its order; the primary key makes the write itself happen once.
 */
export async function openOrder(
  deps: OrdersDependencies,
  buyer: Viewer,
  request: OrderRequest,
  alsoInTx?: (tx: OrdersExecutor) => Promise<void>,
): Promise<OrderRow> {
  const orderId = orderIdFor(buyer.id, request.idempotencyKey);
  for (let round = 1; ; round += 1) {
    const existing = await findOrderById(deps.db, orderId);
    if (existing) return existing;

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
      // The first call failed and gave its units back: this call starts over and reserves itself.
      if (outcome === 'released' && round < MAX_ROUNDS) continue;
      // Still held but no order: the first call died between reserving and writing; this one finishes.
    }
    return writeReservedOrder(deps, buyer, orderId, request, alsoInTx);
  }
}

async function writeReservedOrder(
  deps: OrdersDependencies,
  buyer: Viewer,
  orderId: string,
  request: OrderRequest,
  alsoInTx: ((tx: OrdersExecutor) => Promise<void>) | undefined,
): Promise<OrderRow> {
  const productIds = request.lines.map((line) => line.productId);
  const release = () => deps.stock.release(orderId, productIds);
  let placed: PlacedOrder;
  try {
    placed = await priceOrder(deps, buyer, orderId, request);
  } catch (error) {
    await release();
    throw error;
  }
  try {
    const seq = await retryOnDeadlock(() =>
      deps.db.transaction(async (tx) => {
        const written = await deps.writePlacedOrder(tx, placed);
        await alsoInTx?.(tx);
        return written;
      }),
    );
    deps.eventsEnqueued();
    const written = { ...placed.order, seq };
    // Off the buyer's path: an extra Redis read per order, not an extra wait.
    confirmHold(deps, written, request.lines).catch((error: unknown) =>
      deps.logger.error({ err: error, orderId }, 'could not confirm the hold of a written order'),
    );
    return written;
  } catch (error) {
    const existing = await orderWrittenAfterAll(deps, orderId, release);
    if (existing) return existing;
    throw error;
  }
}

/**
 * A failed write may still have produced the order: a concurrent call of the same attempt committed first
 * (duplicate key), or the connection was lost while COMMIT was answered. Releasing then would sell its units
 * twice, so the database is asked first: the order found is the answer; no order, the hold is released; no
 * answer either, the hold stays and the orphan sweeper frees it only if the order never appears.
 */
async function orderWrittenAfterAll(
  deps: OrdersDependencies,
  orderId: string,
  release: () => Promise<unknown>,
): Promise<OrderRow | undefined> {
  try {
    const existing = await findOrderById(deps.db, orderId);
    if (!existing) await release();
    return existing;
  } catch (error) {
    deps.logger.warn({ err: error, orderId }, 'hold of an unconfirmed order kept for the orphan sweeper');
    return undefined;
  }
}

/** Prices the reserved lines with catalog's current prices: the snapshot the order keeps. */
async function priceOrder(
  deps: OrdersDependencies,
  buyer: Viewer,
  orderId: string,
  request: OrderRequest,
): Promise<PlacedOrder> {
  const prices = await salePrices(
    deps.redis,
    request.lines.map((line) => line.productId),
  );
  const items = request.lines.map(({ productId, quantity }) => {
    const unitPrice = prices.get(productId);
    if (unitPrice === undefined) throw notFound('Product', productId);
    return { orderId, productId, quantity, unitPrice };
  });
  const now = new Date();
  return {
    items,
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
