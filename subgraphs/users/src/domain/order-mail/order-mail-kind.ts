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
