import type { Viewer } from '@fcfs/shared';
import type { PaymentRow } from '../db/schema/index.ts';
import type { PaymentLoaders } from './payment-loaders.ts';

/** An order as the gateway hands it over: payments knows nothing of it but its id. */
export interface OrderReference {
  id: string;
}

/**
 * The order's payment, for its buyer or an admin. Anyone else gets null, exactly as for an order without a
 * payment, so the answer does not reveal whether someone else's order exists.
 */
export async function paymentOfOrder(
  viewer: Viewer | null,
  loaders: PaymentLoaders,
  orderId: string,
): Promise<PaymentRow | null> {
  if (!viewer) return null;
  const payment = await loaders.paymentByOrderId.load(orderId);
  if (!payment) return null;
  return viewer.role === 'ADMIN' || payment.userId === viewer.id ? payment : null;
}
