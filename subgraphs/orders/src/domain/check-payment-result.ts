import type { EventPayload } from '@fcfs/shared';
import { type OrderRow, PAYMENT_ID_LENGTH } from '../db/schema/index.ts';

export const PAYMENT_RESULT_REJECTIONS = {
  unknownOrder: 'unknown order',
  wrongAmount: 'amount is not the order total',
  unknownPayment: 'unknown payment id',
} as const;

export type PaymentResultRejection =
  (typeof PAYMENT_RESULT_REJECTIONS)[keyof typeof PAYMENT_RESULT_REJECTIONS];

export type PaymentResult = EventPayload<'payment.succeeded'> | EventPayload<'payment.failed'>;

/**
 * Why a payment result may not touch its order, if it may not. Orders learns the id of its order's payment
 * from the first result it accepts (`recordedPaymentId`); payments opens one payment per order, so a result
 * naming another id is not the order's. A success must carry the order total: payments charges exactly that.
 */
export function checkPaymentResult(
  order: Pick<OrderRow, 'totalPrice'>,
  recordedPaymentId: string | undefined,
  result: PaymentResult,
): PaymentResultRejection | undefined {
  if ('amount' in result && result.amount !== order.totalPrice) return PAYMENT_RESULT_REJECTIONS.wrongAmount;
  const named = result.paymentId;
  if (named.length > PAYMENT_ID_LENGTH || (recordedPaymentId !== undefined && named !== recordedPaymentId)) {
    return PAYMENT_RESULT_REJECTIONS.unknownPayment;
  }
  return undefined;
}
