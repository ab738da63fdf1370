import { type EventPayload, isPaymentIdOf, type PaymentIdKey } from '@fcfs/shared';
import type { OrderRow } from '../db/schema/index.ts';

export const PAYMENT_RESULT_REJECTIONS = {
  unknownOrder: 'unknown order',
  wrongAmount: 'amount is not the order total',
  paymentNotIssued: 'payment id not issued for this order',
} as const;

export type PaymentResultRejection =
  (typeof PAYMENT_RESULT_REJECTIONS)[keyof typeof PAYMENT_RESULT_REJECTIONS];

export type PaymentResult = EventPayload<'payment.succeeded'> | EventPayload<'payment.failed'>;

/**
 * Why a payment result may not touch its order, if it may not. Payments opens one payment per order and
 * derives its id from the order id with a key only payments and orders hold, so a result naming any other id
 * did not come from payments, even when it is the first result the order sees. A success must carry the
 * order total: payments charges exactly that.
 */
export function checkPaymentResult(
  paymentIds: PaymentIdKey,
  order: Pick<OrderRow, 'id' | 'totalPrice'>,
  result: PaymentResult,
): PaymentResultRejection | undefined {
  if (!isPaymentIdOf(paymentIds, order.id, result.paymentId))
    return PAYMENT_RESULT_REJECTIONS.paymentNotIssued;
  if ('amount' in result && result.amount !== order.totalPrice) return PAYMENT_RESULT_REJECTIONS.wrongAmount;
  return undefined;
}
