import { randomUUID } from 'node:crypto';
import { commitWithEvents, type EventEnvelope, handleOnce } from '@fcfs/shared';
import type { PaymentsExecutor } from '../db/client.ts';
import {
  findPaymentByOrderId,
  findPaymentByOrderIdForUpdate,
  insertPayment,
  markOrderCancelled,
} from '../db/payments-repository.ts';
import type { PaymentRow, RefundReason } from '../db/schema/index.ts';
import { PAYMENTS_CONSUMER } from './consumer-name.ts';
import type { PaymentsDependencies } from './payments-dependencies.ts';
import { recordRefund } from './refund-payment.ts';

type OrderClosed = EventEnvelope<'order.cancelled'> | EventEnvelope<'order.returned'>;

export const CLOSED_BEFORE_PAYMENT_REASON = 'Order cancelled before payment';

/** The payment changed between the look outside the transaction and the lock inside it: plan again. */
class PaymentMovedOn extends Error {
  override name = 'PaymentMovedOn';
}

const MAX_ATTEMPTS = 5;

/**
 * order.cancelled / order.returned: whatever was taken for the order goes back, exactly once; nothing is ever
 * taken afterwards. `wasPaid` is not trusted for this: the event may overtake payment.succeeded on its way to
 * orders, so payments decides from its own record, whatever order the events arrive in:
 * - SUCCEEDED: refunded (processor first, outside the transaction, then REFUNDED + refund row + event);
 * - PENDING: the charge is in flight; it is marked, and the charge refunds a success as soon as it lands;
 * - no payment yet (order.cancelled overtook order.created, another topic): a FAILED payment takes the
 *   order's one slot, so the late order.created finds it and charges nothing;
 * - FAILED or REFUNDED: nothing to give back.
 */
export async function cancelPayment(deps: PaymentsDependencies, event: OrderClosed): Promise<void> {
  const reason: RefundReason = event.type === 'order.returned' ? 'ORDER_RETURNED' : 'ORDER_CANCELLED';
  for (let attempt = 1; ; attempt += 1) {
    const seen = await findPaymentByOrderId(deps.db, event.data.orderId);
    if (seen?.status === 'SUCCEEDED') {
      await deps.processor.refund(
        { paymentId: seen.id, orderId: seen.orderId, amount: seen.amount },
        deps.shutdown,
      );
    }
    try {
      const outcome = { enqueued: false };
      await commitWithEvents(deps, () =>
        handleOnce(deps.db, PAYMENTS_CONSUMER, event, async (tx) => {
          outcome.enqueued = await applyClosure(tx, event, seen, reason, new Date());
        }),
      );
      // The only closure that enqueues an event is a refund.
      if (outcome.enqueued) deps.metrics.paymentFinished('refunded');
      return;
    } catch (error) {
      if (!(error instanceof PaymentMovedOn) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** Applies the closure to the payment as locked now; returns whether it enqueued an event. */
async function applyClosure(
  tx: PaymentsExecutor,
  event: OrderClosed,
  seen: PaymentRow | undefined,
  reason: RefundReason,
  now: Date,
): Promise<boolean> {
  const { orderId, userId } = event.data;
  if (!seen) {
    const placeholder = await insertPayment(tx, {
      id: randomUUID(),
      orderId,
      userId,
      amount: 0,
      method: null,
      status: 'FAILED',
      failureReason: CLOSED_BEFORE_PAYMENT_REASON,
      createdAt: now,
      completedAt: now,
      orderCancelledAt: now,
    });
    if (!placeholder) throw new PaymentMovedOn();
    return false;
  }
  const current = await findPaymentByOrderIdForUpdate(tx, orderId);
  if (current?.status !== seen.status) throw new PaymentMovedOn();
  switch (current.status) {
    case 'PENDING':
      await markOrderCancelled(tx, current.id, now);
      return false;
    case 'SUCCEEDED':
      return recordRefund(tx, current, reason, now);
    case 'FAILED':
    case 'REFUNDED':
      return false;
  }
}
