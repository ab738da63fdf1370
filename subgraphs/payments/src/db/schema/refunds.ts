import { datetime, int, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { payments } from './payments.ts';

export const REFUND_REASONS = ['ORDER_CANCELLED', 'ORDER_RETURNED'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** At most one refund per payment (unique payment id), whichever event or replica asks for it first. */
export const refunds = mysqlTable('refunds', {
  id: varchar('id', { length: 36 }).primaryKey(),
  paymentId: varchar('payment_id', { length: 36 })
    .notNull()
    .unique()
    .references(() => payments.id),
  orderId: varchar('order_id', { length: 64 }).notNull(),
  amount: int('amount', { unsigned: true }).notNull(),
  reason: mysqlEnum('reason', REFUND_REASONS).notNull(),
  createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
});

export type RefundRow = typeof refunds.$inferSelect;
