import type { OrderStatus } from '@fcfs/shared';
import type { ConsistencyState } from './read-state.ts';

/** Orders whose units are sold: paid and neither cancelled nor returned. */
const SOLD: readonly OrderStatus[] = ['PAID', 'SHIPPING', 'DELIVERED', 'RETURN_REQUESTED'];

export interface Violation {
  rule: string;
  subject: string;
  detail: string;
}

/**
 * The invariants of docs/architecture.md#stock-rules over a quiet system: no oversold unit, Redis agreeing
 * with MySQL, no leaked or lost reservation, every sale paid, every payment owned by an order, refunds only
 * for cancelled or returned orders.
 */
export function findViolations(state: ConsistencyState, now: Date = new Date()): Violation[] {
  const violations: Violation[] = [];
  const add = (rule: string, subject: string, detail: string) => violations.push({ rule, subject, detail });
  const orderById = new Map(state.orders.map((order) => [order.id, order]));
  const paymentByOrder = new Map(state.payments.map((payment) => [payment.orderId, payment]));

  for (const product of state.products) {
    const productId = String(product.id);
    const lines = state.items.filter((item) => item.productId === productId);
    const sold = lines
      .filter((line) => SOLD.includes(orderById.get(line.orderId)?.status as OrderStatus))
      .reduce((sum, line) => sum + line.quantity, 0);
    const pending = lines.filter((line) => orderById.get(line.orderId)?.status === 'PAYMENT_PENDING');
    if (sold > product.unitsReceived) {
      add('oversold', productId, `${sold} units sold of ${product.unitsReceived} ever received`);
    }
    if (product.stock !== product.unitsReceived - sold) {
      add(
        'stock-on-hand',
        productId,
        `on hand ${product.stock}, expected ${product.unitsReceived} received - ${sold} sold`,
      );
    }

    const live = state.redis.find((entry) => entry.productId === productId);
    if (!live || live.available === null || live.reserved === null) {
      add('redis-counters-missing', productId, 'no live counters in Redis');
      continue;
    }
    if (live.available + live.reserved !== product.stock) {
      add(
        'redis-vs-mysql',
        productId,
        `Redis available ${live.available} + reserved ${live.reserved} != MySQL on hand ${product.stock}`,
      );
    }
    const held = live.holds.reduce((sum, hold) => sum + hold.quantity, 0);
    if (held !== live.reserved)
      add('reserved-vs-holds', productId, `reserved ${live.reserved} but holds sum to ${held}`);
    for (const hold of live.holds) {
      const status = orderById.get(hold.orderId)?.status;
      if (status !== 'PAYMENT_PENDING') {
        add(
          'leaked-reservation',
          productId,
          `hold of ${hold.quantity} for order ${hold.orderId} (${status ?? 'no order'})`,
        );
      }
    }
    for (const line of pending) {
      if (!live.holds.some((hold) => hold.orderId === line.orderId)) {
        add('lost-reservation', productId, `unpaid order ${line.orderId} holds nothing in Redis`);
      }
      const order = orderById.get(line.orderId);
      if (order && order.reservedUntil.getTime() + 60_000 < now.getTime()) {
        add('expired-reservation', productId, `order ${line.orderId} is still unpaid past its reservation`);
      }
    }
  }

  for (const order of state.orders) {
    const payment = paymentByOrder.get(order.id);
    if (SOLD.includes(order.status) && payment?.status !== 'SUCCEEDED') {
      add(
        'paid-order-without-payment',
        order.id,
        `order ${order.status}, payment ${payment?.status ?? 'missing'}`,
      );
    }
    const refundDue = order.status === 'RETURNED' || (order.status === 'CANCELLED' && order.paidAt !== null);
    if (refundDue && payment?.status !== 'REFUNDED') {
      add(
        'refund-missing',
        order.id,
        `order ${order.status} after payment, payment ${payment?.status ?? 'missing'}`,
      );
    }
    if (payment?.status === 'REFUNDED' && order.status !== 'CANCELLED' && order.status !== 'RETURNED') {
      add('refund-without-cancel-or-return', order.id, `payment REFUNDED, order ${order.status}`);
    }
    if (payment?.status === 'SUCCEEDED' && !SOLD.includes(order.status)) {
      add('charged-but-not-sold', order.id, `payment SUCCEEDED, order ${order.status}`);
    }
  }
  for (const [orderId, events] of state.announcements.charged) {
    if (events > 1) add('charged-twice', orderId, `${events} payment.succeeded events for one order`);
  }
  for (const [orderId, events] of state.announcements.paid) {
    if (events > 1) add('paid-twice', orderId, `${events} order.paid events for one order`);
  }
  for (const payment of state.payments) {
    if (!orderById.has(payment.orderId))
      add('payment-without-order', payment.orderId, `payment ${payment.status}`);
  }
  return violations;
}
