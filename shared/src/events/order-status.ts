/**
 * Order lifecycle states (docs/architecture.md#order-lifecycle); shared because events carry them across
 * subgraphs.
 */
export const ORDER_STATUSES = [
  'PAYMENT_PENDING',
  'PAID',
  'PAYMENT_FAILED',
  'SHIPPING',
  'DELIVERED',
  'CANCELLED',
  'RETURN_REQUESTED',
  'RETURNED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
