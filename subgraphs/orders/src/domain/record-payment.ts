import { createEvent, type EventEnvelope, enqueueEvents, handleOnce, type PaymentIdKey } from '@fcfs/shared';
import type { OrdersExecutor } from '../db/client.ts';
import { findItemsByOrderIds, findOrderForUpdate, insertPendingRelease } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import {
  checkPaymentResult,
  PAYMENT_RESULT_REJECTIONS,
  type PaymentResult,
  type PaymentResultRejection,
} from './check-payment-result.ts';
import { eventLines, paymentFailed, transitionOrder } from './order-state-machine.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';
import { releaseHold } from './release-hold.ts';

/** This subgraph's name in processed_events. */
export const ORDERS_CONSUMER = 'orders';

/** Locks the order a payment result names and checks the result against it. Returns the order, or why not. */
async function lockOrderForResult(
  tx: OrdersExecutor,
  paymentIds: PaymentIdKey,
  result: PaymentResult,
): Promise<OrderRow | PaymentResultRejection> {
  const order = await findOrderForUpdate(tx, result.orderId);
  if (!order) return PAYMENT_RESULT_REJECTIONS.unknownOrder;
  return checkPaymentResult(paymentIds, order, result) ?? order;
}

/**
 * payment.succeeded: PAYMENT_PENDING → PAID with `order.paid` (catalog settles the held units). Applied
 * once per event, and only from PAYMENT_PENDING, so a late or repeated event never moves an order back.
 * Returns why the event was refused, if it was (nothing changed then).
 *
 * Money that arrives for an order already closed unpaid is given back, and no stock moves:
 * - CANCELLED: payments saw `order.cancelled` and refunds from its own record, whatever the order of events;
 * - PAYMENT_FAILED after the reservation expired: payments was never told, so `order.cancelled{wasPaid:
 *   false}` tells it now (catalog ignores unpaid cancels; the units were released at expiry).
 */
export async function recordPaymentSucceeded(
  deps: OrdersDependencies,
  event: EventEnvelope<'payment.succeeded'>,
  now: Date = new Date(),
): Promise<PaymentResultRejection | undefined> {
  const { orderId, paymentId } = event.data;
  const outcome: { enqueued: boolean; rejection?: PaymentResultRejection } = { enqueued: false };
  await handleOnce(deps.db, ORDERS_CONSUMER, event, async (tx) => {
    const order = await lockOrderForResult(tx, deps.paymentIds, event.data);
    if (typeof order === 'string') {
      outcome.rejection = order;
      return;
    }
    const items = eventLines(await findItemsByOrderIds(tx, [orderId]));
    const { userId } = order;
    if (order.status === 'PAYMENT_PENDING') {
      outcome.enqueued = Boolean(
        await transitionOrder(tx, {
          order,
          to: 'PAID',
          at: now,
          reason: `payment ${paymentId} succeeded`,
          columns: { paidAt: now },
          events: [createEvent('order.paid', orderId, { orderId, userId, items }, now)],
        }),
      );
    } else if (order.status === 'PAYMENT_FAILED') {
      deps.logger.warn({ orderId, paymentId }, 'payment arrived after the reservation expired; refunding');
      await enqueueEvents(tx, [
        createEvent('order.cancelled', orderId, { orderId, userId, items, wasPaid: false }, now),
      ]);
      outcome.enqueued = true;
    }
  });
  if (outcome.enqueued) deps.eventsEnqueued();
  return outcome.rejection;
}

/**
 * payment.failed: PAYMENT_PENDING → PAYMENT_FAILED with `order.payment-failed`; the hold is released.
 * Returns why the event was refused, if it was (nothing changed then).
 */
export async function recordPaymentFailed(
  deps: OrdersDependencies,
  event: EventEnvelope<'payment.failed'>,
  now: Date = new Date(),
): Promise<PaymentResultRejection | undefined> {
  const { orderId, reason } = event.data;
  const outcome: { held: string[] | null; rejection?: PaymentResultRejection } = { held: null };
  await handleOnce(deps.db, ORDERS_CONSUMER, event, async (tx) => {
    const order = await lockOrderForResult(tx, deps.paymentIds, event.data);
    if (typeof order === 'string') {
      outcome.rejection = order;
      return;
    }
    if (order.status !== 'PAYMENT_PENDING') return;
    const items = await findItemsByOrderIds(tx, [orderId]);
    const productIds = items.map((item) => item.productId);
    const moved = await transitionOrder(tx, {
      order,
      to: 'PAYMENT_FAILED',
      at: now,
      reason,
      events: [paymentFailed(order, items, reason, now)],
    });
    if (!moved) return;
    await insertPendingRelease(tx, orderId, productIds, now);
    outcome.held = productIds;
  });
  if (outcome.held) {
    deps.eventsEnqueued();
    await releaseHold(deps, orderId, outcome.held);
  }
  return outcome.rejection;
}
