import { randomUUID } from 'node:crypto';
import { commitWithEvents, createEvent, enqueueEvents } from '@fcfs/shared';
import type { PaymentsExecutor } from '../db/client.ts';
import { recordRefundRow } from '../db/payments-repository.ts';
import type { PaymentRow, RefundReason } from '../db/schema/index.ts';
import type { PaymentsDependencies } from './payments-dependencies.ts';

type Refundable = Pick<PaymentRow, 'id' | 'orderId' | 'amount'>;

/**
 * SUCCEEDED → REFUNDED with its refund row and `payment.refunded`, in the caller's transaction. A conditional
 * write, so whichever event or replica gets here second finds nothing to do. Returns whether it refunded.
 */
export async function recordRefund(
  tx: PaymentsExecutor,
  payment: Refundable,
  reason: RefundReason,
  now: Date,
): Promise<boolean> {
  if (!(await recordRefundRow(tx, payment, reason, randomUUID(), now))) return false;
  await enqueueEvents(tx, [
    createEvent('payment.refunded', payment.orderId, {
      orderId: payment.orderId,
      paymentId: payment.id,
      amount: payment.amount,
    }),
  ]);
  return true;
}

/**
 * Gives back the money of a success whose order was cancelled while it was charged: the processor first
 * (idempotent per payment, never inside a transaction), then the record. A crash between the two leaves the
 * payment SUCCEEDED with its order marked cancelled, which the next start resumes.
 */
export async function refundPayment(
  deps: PaymentsDependencies,
  payment: Refundable,
  reason: RefundReason,
): Promise<void> {
  await deps.processor.refund(
    { paymentId: payment.id, orderId: payment.orderId, amount: payment.amount },
    deps.shutdown,
  );
  const refunded = await commitWithEvents(deps, () =>
    deps.db.transaction((tx) => recordRefund(tx, payment, reason, new Date())),
  );
  if (refunded) deps.metrics.paymentFinished('refunded');
}
