import type { EventPayload } from '@fcfs/shared';
import type { OrderMailKind } from '../../db/schema/index.ts';

/**
 * Which status changes the buyer is mailed about: paid, shipped, money back (a paid order cancelled, or a
 * return completed), and a failed payment. Everything else (pending, delivered, return requested) is silent.
 */
export function orderMailKindOf({ from, to }: EventPayload<'order.status-changed'>): OrderMailKind | null {
  switch (to) {
    case 'PAID':
    case 'SHIPPING':
    case 'PAYMENT_FAILED':
      return to;
    case 'RETURNED':
      return 'REFUNDED';
    case 'CANCELLED':
      return from === 'PAID' ? 'REFUNDED' : null;
    default:
      return null;
  }
}

/**
 * Where each mail falls in an order's life. PAYMENT_FAILED ends the order; a refund follows a shipment or a
 * payment. One order's mails claimed together go out in this order, whatever order the claim returned them in.
 */
const LIFECYCLE_STEP: Record<OrderMailKind, number> = {
  PAYMENT_FAILED: 0,
  PAID: 1,
  SHIPPING: 2,
  REFUNDED: 3,
};

export const byLifecycleStep = (a: OrderMailKind, b: OrderMailKind): number =>
  LIFECYCLE_STEP[a] - LIFECYCLE_STEP[b];
