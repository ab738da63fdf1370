import type { OrderStatus } from '@fcfs/shared';
import { and, count, desc, eq, getTableColumns, gte, lt, or, type SQL } from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
import type { OrdersExecutor } from './client.ts';
import { type OrderRow, orderItems, orders } from './schema/index.ts';

/** What the admin order desk narrows to; absent fields do not narrow. */
export interface OrderDeskFilter {
  status?: OrderStatus | undefined;
  productId?: string | undefined;
  userId?: string | undefined;
  /** Inclusive. */
  placedAfter?: Date | undefined;
  /** Exclusive. */
  placedBefore?: Date | undefined;
}

/** A place in the desk's order: placement time, then id, both descending. */
export interface PlacementPosition {
  placedAt: Date;
  id: string;
}

/**
 * With a product, the desk walks that product's lines (`order_items_product_placed_idx`, where `placed_at`
 * is the order's `created_at`) and joins each order; otherwise it walks `orders` through the index of the
 * other filter (`orders_status_created_idx`, `orders_user_created_idx`, `orders_created_idx`).
 */
function walk(filter: OrderDeskFilter) {
  const keyed = filter.productId
    ? { placedAt: orderItems.placedAt, id: orderItems.orderId }
    : { placedAt: orders.createdAt, id: orders.id };
  const where = (after?: PlacementPosition): SQL | undefined =>
    and(
      filter.productId ? eq(orderItems.productId, filter.productId) : undefined,
      filter.status ? eq(orders.status, filter.status) : undefined,
      filter.userId ? eq(orders.userId, filter.userId) : undefined,
      filter.placedAfter ? gte(keyed.placedAt, filter.placedAfter) : undefined,
      filter.placedBefore ? lt(keyed.placedAt, filter.placedBefore) : undefined,
      after ? before(keyed.placedAt, keyed.id, after) : undefined,
    );
  return { keyed, where };
}

/** Rows strictly after `position` in descending (time, id) order, written so the range optimizer reads it. */
const before = (time: MySqlColumn, id: MySqlColumn, position: PlacementPosition): SQL | undefined =>
  or(lt(time, position.placedAt), and(eq(time, position.placedAt), lt(id, position.id)));

/** The statement of one page (`limit` rows after `after`); exported so a test can EXPLAIN it. */
export function orderDeskPageQuery(
  db: OrdersExecutor,
  filter: OrderDeskFilter,
  after: PlacementPosition | undefined,
  limit: number,
) {
  const { keyed, where } = walk(filter);
  const ordered = [desc(keyed.placedAt), desc(keyed.id)];
  if (filter.productId) {
    return db
      .select(getTableColumns(orders))
      .from(orderItems)
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .where(where(after))
      .orderBy(...ordered)
      .limit(limit);
  }
  return db
    .select()
    .from(orders)
    .where(where(after))
    .orderBy(...ordered)
    .limit(limit);
}

export const findOrderDeskPage = (
  db: OrdersExecutor,
  filter: OrderDeskFilter,
  after: PlacementPosition | undefined,
  limit: number,
): Promise<OrderRow[]> => orderDeskPageQuery(db, filter, after, limit);

export async function countOrderDesk(db: OrdersExecutor, filter: OrderDeskFilter): Promise<number> {
  const { where } = walk(filter);
  const [row] = filter.productId
    ? await db
        .select({ total: count() })
        .from(orderItems)
        .innerJoin(orders, eq(orders.id, orderItems.orderId))
        .where(where())
    : await db.select({ total: count() }).from(orders).where(where());
  return row?.total ?? 0;
}
