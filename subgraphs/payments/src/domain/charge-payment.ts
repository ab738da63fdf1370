import { currentTraceparent } from '@fcfs/shared';
import type { ChargeResult } from '../db/payments-repository.ts';
import { FAILURE_REASON_LENGTH, type PaymentRow } from '../db/schema/index.ts';
import type { PaymentsDependencies } from './payments-dependencies.ts';
import { refundPayment } from './refund-payment.ts';

/**
 * Asks the processor, then records its answer with the event that announces it (see record-charge.ts): no
 * connection or lock is held while the processor takes its time. Only the first answer for a payment is
 * recorded, so charging the same payment twice, after a redelivery or a restart, still yields one outcome
 * and one event.
 *
 * If the order was cancelled while the charge was in flight, the answer is still recorded as it happened
 * (money may have moved) and a success is refunded right away.
 */
export async function chargePayment(deps: PaymentsDependencies, payment: PaymentRow): Promise<void> {
  const outcome = await deps.processor.charge(
    {
      paymentId: payment.id,
      orderId: payment.orderId,
      userId: payment.userId,
      amount: payment.amount,
      method: payment.method,
    },
    deps.shutdown,
  );
  const result: ChargeResult = outcome.ok
    ? { status: 'SUCCEEDED', failureReason: null }
    : { status: 'FAILED', failureReason: outcome.reason.slice(0, FAILURE_REASON_LENGTH) };
  const recorded = await deps.batches.recordCharge({ payment, result, traceparent: currentTraceparent() });
  if (recorded) deps.metrics.paymentFinished(recorded.status === 'SUCCEEDED' ? 'succeeded' : 'failed');
  if (recorded?.status === 'SUCCEEDED' && recorded.orderCancelledAt) {
    await refundPayment(deps, recorded, 'ORDER_CANCELLED');
  }
}
