import type { PaymentRow } from '../db/schema/index.ts';
import { chargePayment } from './charge-payment.ts';
import type { PaymentsDependencies } from './payments-dependencies.ts';
import { refundPayment } from './refund-payment.ts';

/**
 * Brings a payment to its final state from wherever it stopped: a PENDING one is charged, a success whose
 * order was cancelled meanwhile is refunded, anything else is already final. Safe to call any number of
 * times, from the consumer (also for redeliveries) and from the resume at start.
 */
export async function completePayment(deps: PaymentsDependencies, payment: PaymentRow): Promise<void> {
  if (payment.status === 'PENDING') return chargePayment(deps, payment);
  if (payment.status === 'SUCCEEDED' && payment.orderCancelledAt)
    return refundPayment(deps, payment, 'ORDER_CANCELLED');
}
