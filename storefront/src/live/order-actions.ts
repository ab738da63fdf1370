import type { OrderStatus } from '../__generated__/graphql.ts';

/** Which buttons an order shows, from the lifecycle (docs/architecture.md): the server still decides. */
export const canCancel = (status: OrderStatus) => status === 'PAYMENT_PENDING' || status === 'PAID';
export const canReturn = (status: OrderStatus) => status === 'DELIVERED';

export const STATUS_WORDS: Record<OrderStatus, string> = {
  PAYMENT_PENDING: 'Waiting for payment',
  PAID: 'Paid',
  PAYMENT_FAILED: 'Payment failed',
  SHIPPING: 'Shipping',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
  RETURN_REQUESTED: 'Return requested',
  RETURNED: 'Returned',
};
