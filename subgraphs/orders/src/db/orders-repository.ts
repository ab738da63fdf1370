import type { OrderStatus } from '@fcfs/shared';
import { and, asc, count, desc, eq, inArray, lt, lte, or, type SQL } from 'drizzle-orm';
import type { OrdersExecutor } from './client.ts';
import {
  type NewOrderItemRow,
  type NewOrderRow,
  type OrderItemRow,
  type OrderRow,
  type OrderStatusChangeRow,
  orderItems,
  orderStatusHistory,
  orders,
  type PendingHoldStepRow,
  pendingHoldSteps,
} from './schema/index.ts';

type Db = OrdersExecutor;

export async function findOrderById(db: Db, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row;
}

/** Locks the order row: whoever changes an order's status holds it, so the decision and the write agree. */
export async function findOrderForUpdate(db: Db, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id)).for('update');
  return row;
}

/** Locks many order rows at once (a batch of payment results). */
export async function findOrdersForUpdate(db: Db, ids: readonly string[]): Promise<OrderRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(orders)
    .where(inArray(orders.id, [...ids]))
    .for('update');
}

export async function findOrdersByIds(db: Db, ids: readonly string[]): Promise<OrderRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(orders)
    .where(inArray(orders.id, [...ids]));
}

export async function findItemsByOrderIds(db: Db, ids: readonly string[]): Promise<OrderItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(orderItems)
    .where(inArray(orderItems.orderId, [...ids]))
    .orderBy(asc(orderItems.orderId), asc(orderItems.productId));
}

export async function findHistoryByOrderIds(db: Db, ids: readonly string[]): Promise<OrderStatusChangeRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(orderStatusHistory)
    .where(inArray(orderStatusHistory.orderId, [...ids]))
    .orderBy(asc(orderStatusHistory.id));
}

/**
 * Inserts many orders and all their lines with one multi-row statement each; returns each order's `seq` in
 * the orders' order. The sequences are read back rather than derived from the first insert id, which would
 * hold only under one auto-increment lock mode.
 */
export async function insertOrders(
  db: Db,
  rows: Omit<NewOrderRow, 'seq'>[],
  items: NewOrderItemRow[],
): Promise<number[]> {
  const placedAt = new Map(rows.map((row) => [row.id, row.createdAt]));
  await db.insert(orders).values(rows);
  await db.insert(orderItems).values(
    items.map((item) => {
      const at = placedAt.get(item.orderId);
      if (!at) throw new Error(`line of order ${item.orderId} has no order in its batch`);
      return { ...item, placedAt: at };
    }),
  );
  const written = await db
    .select({ id: orders.id, seq: orders.seq })
    .from(orders)
    .where(
      inArray(
        orders.id,
        rows.map((row) => row.id),
      ),
    );
  const seqById = new Map(written.map((row) => [row.id, row.seq]));
  return rows.map((row) => {
    const seq = seqById.get(row.id);
    if (seq === undefined) throw new Error(`order ${row.id} was inserted but cannot be read back`);
    return seq;
  });
}

export type StatusColumns = Partial<Pick<NewOrderRow, 'paidAt' | 'deliveredAt'>>;

/** The conditional write behind every transition: how many of `ids` were still in `from` and moved. */
export async function updateOrdersStatus(
  db: Db,
  ids: readonly string[],
  from: OrderStatus,
  to: OrderStatus,
  at: Date,
  columns: StatusColumns = {},
): Promise<number> {
  const [result] = await db
    .update(orders)
    .set({ ...columns, status: to, statusChangedAt: at, updatedAt: at })
    .where(and(inArray(orders.id, [...ids]), eq(orders.status, from)));
  return result.affectedRows;
}

export async function insertStatusChanges(
  db: Db,
  changes: Omit<OrderStatusChangeRow, 'id'>[],
): Promise<void> {
  if (changes.length > 0) await db.insert(orderStatusHistory).values(changes);
}

function ownOrders(userId: string, statuses: readonly OrderStatus[]): SQL | undefined {
  return and(
    eq(orders.userId, userId),
    statuses.length > 0 ? inArray(orders.status, [...statuses]) : undefined,
  );
}

/** Newest first, keyset-paged by `seq`; one extra row tells whether another page exists. */
export async function listOrdersPage(
  db: Db,
  userId: string,
  statuses: readonly OrderStatus[],
  { beforeSeq, limit }: { beforeSeq?: number; limit: number },
): Promise<OrderRow[]> {
  return db
    .select()
    .from(orders)
    .where(and(ownOrders(userId, statuses), beforeSeq === undefined ? undefined : lt(orders.seq, beforeSeq)))
    .orderBy(desc(orders.seq))
    .limit(limit + 1);
}

export async function countOrders(db: Db, userId: string, statuses: readonly OrderStatus[]): Promise<number> {
  const [row] = await db.select({ total: count() }).from(orders).where(ownOrders(userId, statuses));
  return row?.total ?? 0;
}

/** Orders in `status` whose `column` is at or before `cutoff`, oldest first, through the matching index. */
export async function findDueOrders(
  db: Db,
  status: OrderStatus,
  column: 'statusChangedAt' | 'reservedUntil',
  cutoff: Date,
  limit: number,
): Promise<OrderRow[]> {
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.status, status), lte(orders[column], cutoff)))
    .orderBy(asc(orders[column]))
    .limit(limit);
}

/** The Redis steps transitions owe their orders' holds; a step already pending for the order is kept. */
export async function insertPendingHoldSteps(db: Db, rows: readonly PendingHoldStepRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(pendingHoldSteps)
    .ignore()
    .values([...rows]);
}

export async function deletePendingHoldSteps(
  db: Db,
  steps: readonly Pick<PendingHoldStepRow, 'orderId' | 'step'>[],
): Promise<void> {
  if (steps.length === 0) return;
  await db
    .delete(pendingHoldSteps)
    .where(
      or(
        ...steps.map(({ orderId, step }) =>
          and(eq(pendingHoldSteps.orderId, orderId), eq(pendingHoldSteps.step, step)),
        ),
      ),
    );
}

export async function findStalePendingHoldSteps(
  db: Db,
  olderThan: Date,
  limit: number,
): Promise<PendingHoldStepRow[]> {
  return db
    .select()
    .from(pendingHoldSteps)
    .where(lte(pendingHoldSteps.createdAt, olderThan))
    .orderBy(asc(pendingHoldSteps.createdAt))
    .limit(limit);
}
