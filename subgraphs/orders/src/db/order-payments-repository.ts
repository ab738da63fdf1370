import { eq } from 'drizzle-orm';
import type { OrdersExecutor } from './client.ts';
import { orderPayments } from './schema/index.ts';

export async function findOrderPaymentId(db: OrdersExecutor, orderId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ paymentId: orderPayments.paymentId })
    .from(orderPayments)
    .where(eq(orderPayments.orderId, orderId));
  return row?.paymentId;
}

/** Records the order's payment unless one is recorded already. */
export async function recordOrderPaymentId(
  db: OrdersExecutor,
  orderId: string,
  paymentId: string,
  recordedAt: Date,
): Promise<void> {
  await db.insert(orderPayments).ignore().values({ orderId, paymentId, recordedAt });
}
