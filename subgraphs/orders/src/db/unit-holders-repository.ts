import type { OrderStatus } from '@fcfs/shared';
import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { OrdersExecutor } from './client.ts';
import { orderItems, orders } from './schema/index.ts';

/** One order's line of a product, with what the order's state means for the product's counters. */
export interface UnitHolderRow {
  orderId: string;
  userId: string;
  status: OrderStatus;
  paidAt: Date | null;
  quantity: number;
}

/** Orders whose units are off the shelf: held while unpaid, sold once paid, until cancelled or returned. */
export const UNIT_HOLDING_STATUSES = [
  'PAYMENT_PENDING',
  'PAID',
  'SHIPPING',
  'DELIVERED',
  'RETURN_REQUESTED',
] as const satisfies readonly OrderStatus[];

/**
 * Every line of the product whose order holds its units, or held them once paid and gave them back
 * (cancelled after payment, returned): the orders side of a rebuild of the product's counters.
 */
export async function findUnitHolders(db: OrdersExecutor, productId: string): Promise<UnitHolderRow[]> {
  return db
    .select({
      orderId: orders.id,
      userId: orders.userId,
      status: orders.status,
      paidAt: orders.paidAt,
      quantity: orderItems.quantity,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        eq(orderItems.productId, productId),
        or(
          inArray(orders.status, [...UNIT_HOLDING_STATUSES]),
          eq(orders.status, 'RETURNED'),
          and(eq(orders.status, 'CANCELLED'), isNotNull(orders.paidAt)),
        ),
      ),
    );
}
