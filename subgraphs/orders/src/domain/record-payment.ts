import {
  createEvent,
  type EventEnvelope,
  handleOnce,
  handleOnceBatch,
  type PaymentIdKey,
  retryOnDeadlock,
} from '@fcfs/shared';
import type { OrdersExecutor } from '../db/client.ts';
import { findItemsByOrderIds, findOrderForUpdate, findOrdersForUpdate } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import {
  checkPaymentResult,
  PAYMENT_RESULT_REJECTIONS,
  type PaymentResult,
  type PaymentResultRejection,
} from './check-payment-result.ts';
import { commitOrderChanges } from './order-changes.ts';
import {
  eventLines,
  paymentFailed,
  type Transition,
  transitionLockedOrders,
  transitionOrder,
} from './order-state-machine.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

/** This subgraph's name in processed_events. */
export const ORDERS_CONSUMER = 'orders';

/** Locks the order a payment result names and checks the result against it. Returns the order, or why not. */
async function lockOrderForResult(
  tx: OrdersExecutor,
  paymentIds: PaymentIdKey,
  result: PaymentResult,
): Promise<OrderRow | PaymentResultRejection> {
  return resultAgainst(paymentIds, await findOrderForUpdate(tx, result.orderId), result);
}

function resultAgainst(
  paymentIds: PaymentIdKey,
  order: OrderRow | undefined,
  result: PaymentResult,
): OrderRow | PaymentResultRejection {
  if (!order) return PAYMENT_RESULT_REJECTIONS.unknownOrder;
  return checkPaymentResult(paymentIds, order, result) ?? order;
}

/**
 * payment.succeeded, for a batch of results at once (one transaction, a few statements whatever its size):
 * PAYMENT_PENDING → PAID with `order.paid` (catalog takes the units off hand; the hold is settled here). Applied once per event, and only
 * from PAYMENT_PENDING, so a late or repeated event never moves an order back. Returns, by event id, why
 * events were refused (nothing changed for those).
 *
 * Money that arrives for an order already closed unpaid is given back, and no stock moves:
 * - CANCELLED: payments saw `order.cancelled` and refunds from its own record, whatever the order of events;
 * - PAYMENT_FAILED after the reservation expired: payments was never told, so `order.cancelled{wasPaid:
 *   false}` tells it now (catalog ignores unpaid cancels; the units were released at expiry).
 */
export async function recordPaymentsSucceeded(
  deps: OrdersDependencies,
  events: readonly EventEnvelope<'payment.succeeded'>[],
  now: Date = new Date(),
): Promise<Map<string, PaymentResultRejection>> {
  let rejections = new Map<string, PaymentResultRejection>();
  await commitOrderChanges(deps, (attempt) =>
    retryOnDeadlock(async () => {
      const applied = await handleOnceBatch(deps.db, ORDERS_CONSUMER, events, async (tx, fresh) => {
        const changes = attempt();
        rejections = new Map();
        const orderIds = [...new Set(fresh.map((event) => event.data.orderId))];
        const orders = new Map((await findOrdersForUpdate(tx, orderIds)).map((order) => [order.id, order]));
        const linesByOrder = Map.groupBy(await findItemsByOrderIds(tx, orderIds), (item) => item.orderId);
        const steps: Transition[] = [];
        const refunds: EventEnvelope[] = [];
        for (const event of fresh) {
          const { orderId, paymentId } = event.data;
          const order = resultAgainst(deps.paymentIds, orders.get(orderId), event.data);
          if (typeof order === 'string') {
            rejections.set(event.eventId, order);
            continue;
          }
          const { userId } = order;
          const items = eventLines(linesByOrder.get(orderId) ?? []);
          if (order.status === 'PAYMENT_PENDING') {
            steps.push({
              order,
              lines: items,
              to: 'PAID',
              at: now,
              reason: `payment ${paymentId} succeeded`,
              columns: { paidAt: now },
              events: [createEvent('order.paid', orderId, { orderId, userId, items }, now)],
            });
            orders.set(orderId, { ...order, status: 'PAID' });
          } else if (order.status === 'PAYMENT_FAILED') {
            deps.logger.warn(
              { orderId, paymentId },
              'payment arrived after the reservation expired; refunding',
            );
            refunds.push(
              createEvent('order.cancelled', orderId, { orderId, userId, items, wasPaid: false }, now),
            );
          }
        }
        await transitionLockedOrders(tx, changes, steps);
        await changes.enqueue(tx, refunds);
      });
      // A retry that found every event applied meanwhile ran no effect: what a rolled-back attempt saw goes.
      if (applied.length === 0) {
        attempt();
        rejections = new Map();
      }
    }),
  );
  return rejections;
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
  let rejection: PaymentResultRejection | undefined;
  await commitOrderChanges(deps, (attempt) =>
    handleOnce(deps.db, ORDERS_CONSUMER, event, async (tx) => {
      const changes = attempt();
      const order = await lockOrderForResult(tx, deps.paymentIds, event.data);
      if (typeof order === 'string') {
        rejection = order;
        return;
      }
      if (order.status !== 'PAYMENT_PENDING') return;
      const items = await findItemsByOrderIds(tx, [orderId]);
      await transitionOrder(tx, changes, {
        order,
        lines: eventLines(items),
        to: 'PAYMENT_FAILED',
        at: now,
        reason,
        events: [paymentFailed(order, items, reason, now)],
      });
    }),
  );
  return rejection;
}
