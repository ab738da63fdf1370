import { currentTraceparent, notFound, type OrderLine, type Viewer } from '@fcfs/shared';
import type { PlacedOrder } from './order-writer.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

/** What a buyer asks for: placeOrder's input, or a cart being checked out. */
export interface OrderRequest {
  lines: OrderLine[];
  idempotencyKey: string;
  paymentMethod: string | null;
  /** Sealed with the buyer's data key; null takes the buyer's address book entry as the order is written. */
  shippingAddressCiphertext: string | null;
}

/** Prices the lines at the unit prices the reservation read: the snapshot the order keeps. */
export function priceOrder(
  deps: OrdersDependencies,
  buyer: Viewer,
  orderId: string,
  request: OrderRequest,
  unitPrices: (number | null)[],
): PlacedOrder {
  const items = request.lines.map(({ productId, quantity }, index) => {
    const unitPrice = unitPrices[index];
    if (unitPrice === null || unitPrice === undefined) throw notFound('Product', productId);
    return { orderId, productId, quantity, unitPrice };
  });
  const now = new Date();
  return {
    items,
    traceparent: currentTraceparent(),
    order: {
      id: orderId,
      userId: buyer.id,
      status: 'PAYMENT_PENDING',
      totalPrice: items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
      paymentMethod: request.paymentMethod,
      idempotencyKey: request.idempotencyKey,
      createdAt: now,
      updatedAt: now,
      statusChangedAt: now,
      reservedUntil: new Date(now.getTime() + deps.settings.reservationTtlMs),
      paidAt: null,
      deliveredAt: null,
      shippingAddressCiphertext: request.shippingAddressCiphertext,
    },
  };
}
