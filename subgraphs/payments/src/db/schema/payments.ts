import { datetime, index, int, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

export const PAYMENT_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const METHOD_LENGTH = 64;
export const FAILURE_REASON_LENGTH = 255;

/** One payment per order (unique order id): a redelivered or duplicated order.created can never charge twice. */
export const payments = mysqlTable(
  'payments',
  {
    id: varchar('id', { length: 36 }).primaryKey(),
    orderId: varchar('order_id', { length: 64 }).notNull().unique(),
    userId: varchar('user_id', { length: 64 }).notNull(),
    /** KRW, the order's total price. */
    amount: int('amount', { unsigned: true }).notNull(),
    method: varchar('method', { length: METHOD_LENGTH }),
    status: mysqlEnum('status', PAYMENT_STATUSES).notNull(),
    failureReason: varchar('failure_reason', { length: FAILURE_REASON_LENGTH }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
    completedAt: datetime('completed_at', { mode: 'date', fsp: 3 }),
    /**
     * Set when the order was cancelled while its charge was in flight: whatever the processor answers,
     * the money must not stay taken, so a success is refunded at once.
     */
    orderCancelledAt: datetime('order_cancelled_at', { mode: 'date', fsp: 3 }),
    refundedAt: datetime('refunded_at', { mode: 'date', fsp: 3 }),
  },
  // Serves the resume query at start: PENDING, and SUCCEEDED with a cancelled order.
  (table) => [index('payments_unfinished_idx').on(table.status, table.orderCancelledAt)],
);

export type PaymentRow = typeof payments.$inferSelect;
export type NewPaymentRow = typeof payments.$inferInsert;
