export { outbox, processedEvents } from '@fcfs/shared';
export {
  FAILURE_REASON_LENGTH,
  METHOD_LENGTH,
  type NewPaymentRow,
  PAYMENT_STATUSES,
  type PaymentRow,
  type PaymentStatus,
  payments,
} from './payments.ts';
export { REFUND_REASONS, type RefundReason, type RefundRow, refunds } from './refunds.ts';
