import type { OrderStatus } from '@fcfs/shared';
import {
  bigint,
  char,
  datetime,
  index,
  int,
  mysqlTable,
  primaryKey,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';

/**
 * One order. `seq` is the clustered key (sequential inserts, keyset pages); `id` is the public id, derived
 * from (user, idempotency key) so a retried placeOrder lands on the same row and the same Redis hold.
 */
export const orders = mysqlTable(
  'orders',
  {
    seq: bigint('seq', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    id: char('id', { length: 36 }).notNull().unique(),
    userId: varchar('user_id', { length: 64 }).notNull(),
    status: varchar('status', { length: 20 }).$type<OrderStatus>().notNull(),
    totalPrice: int('total_price', { unsigned: true }).notNull(),
    paymentMethod: varchar('payment_method', { length: 32 }),
    idempotencyKey: varchar('idempotency_key', { length: 128 }).notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
    updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull(),
    statusChangedAt: datetime('status_changed_at', { mode: 'date', fsp: 3 }).notNull(),
    /** Until when the unpaid order's units are held; the scheduler expires it afterwards. */
    reservedUntil: datetime('reserved_until', { mode: 'date', fsp: 3 }).notNull(),
    paidAt: datetime('paid_at', { mode: 'date', fsp: 3 }),
    deliveredAt: datetime('delivered_at', { mode: 'date', fsp: 3 }),
    /**
     * Where the order ships, copied at placement (from the input, or else from the buyer's address book) and
     * sealed with the buyer's data key (buyer_keys); null when the buyer had no address yet.
     */
    shippingAddressCiphertext: text('shipping_address_ciphertext'),
  },
  (table) => [
    uniqueIndex('orders_user_idempotency_key_uq').on(table.userId, table.idempotencyKey),
    index('orders_user_seq_idx').on(table.userId, table.seq),
    index('orders_status_changed_idx').on(table.status, table.statusChangedAt),
    index('orders_status_reserved_until_idx').on(table.status, table.reservedUntil),
    /** The admin order desk's keyset order (placement time, then id), alone and after each filter. */
    index('orders_created_idx').on(table.createdAt, table.id),
    index('orders_status_created_idx').on(table.status, table.createdAt, table.id),
    index('orders_user_created_idx').on(table.userId, table.createdAt, table.id),
  ],
);

/** The unit price is a snapshot taken when the order was placed; later price changes do not touch it. */
export const orderItems = mysqlTable(
  'order_items',
  {
    orderId: char('order_id', { length: 36 }).notNull(),
    productId: varchar('product_id', { length: 32 }).notNull(),
    quantity: int('quantity', { unsigned: true }).notNull(),
    unitPrice: int('unit_price', { unsigned: true }).notNull(),
    /**
     * The order's `created_at`, copied so the admin order desk pages a product's orders in placement order
     * through one index instead of sorting all of them.
     */
    placedAt: datetime('placed_at', { mode: 'date', fsp: 3 }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.orderId, table.productId] }),
    /** A product's lines, newest first: what the order desk pages and a rebuild of lost Redis counters reads. */
    index('order_items_product_placed_idx').on(table.productId, table.placedAt, table.orderId),
  ],
);

export const orderStatusHistory = mysqlTable(
  'order_status_history',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    orderId: char('order_id', { length: 36 }).notNull(),
    fromStatus: varchar('from_status', { length: 20 }).$type<OrderStatus>(),
    toStatus: varchar('to_status', { length: 20 }).$type<OrderStatus>().notNull(),
    reason: varchar('reason', { length: 500 }),
    changedAt: datetime('changed_at', { mode: 'date', fsp: 3 }).notNull(),
  },
  (table) => [index('order_status_history_order_idx').on(table.orderId, table.id)],
);

/**
 * A Redis step an order's transition owes its hold (release, settle or restore; domain/hold-steps.ts):
 * written in the transaction of the transition, deleted once the step ran. A crash in between leaves the row,
 * and the scheduler finishes the step; every step's script is idempotent.
 */
export const pendingHoldSteps = mysqlTable(
  'pending_hold_steps',
  {
    orderId: char('order_id', { length: 36 }).notNull(),
    step: varchar('step', { length: 8 }).notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.orderId, table.step] }),
    index('pending_hold_steps_created_idx').on(table.createdAt),
  ],
);

export type OrderRow = typeof orders.$inferSelect;
export type NewOrderRow = typeof orders.$inferInsert;
export type OrderItemRow = typeof orderItems.$inferSelect;
/** A line as the order writer hands it over; the repository copies the order's placement time onto it. */
export type NewOrderItemRow = Omit<OrderItemRow, 'placedAt'>;
export type OrderStatusChangeRow = typeof orderStatusHistory.$inferSelect;
export type PendingHoldStepRow = typeof pendingHoldSteps.$inferSelect;
