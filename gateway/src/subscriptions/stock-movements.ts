import type { EventHandlers } from '@fcfs/shared';

type Moved = (productIds: readonly string[]) => void;

const productsOf = (items: readonly { productId: string }[]) => items.map((line) => line.productId);

/**
 * The events after which a product's available stock or sale status may have moved, each mapped to its
 * products: a reservation taken (`order.created`) or given back (`order.payment-failed`, unpaid
 * `order.cancelled`), units restored (`order.returned`, paid `order.cancelled`), settled (`order.paid`), and
 * catalog's own changes (`product.changed`: restocks, adjustments, edits, archiving).
 */
export function stockMovementHandlers(moved: Moved): EventHandlers {
  return {
    'order.created': async (event) => moved(productsOf(event.data.items)),
    'order.paid': async (event) => moved(productsOf(event.data.items)),
    'order.payment-failed': async (event) => moved(productsOf(event.data.items)),
    'order.cancelled': async (event) => moved(productsOf(event.data.items)),
    'order.returned': async (event) => moved(productsOf(event.data.items)),
    'product.changed': async (event) => moved([event.data.productId]),
  };
}
