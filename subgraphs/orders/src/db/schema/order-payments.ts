import { char, datetime, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

/** As long as payments' own ids: a longer one names no payment. */
export const PAYMENT_ID_LENGTH = 36;

/**
 * The payment an order's results come from, recorded with the first result orders accepted for it. Payments
 * opens one payment per order, so a result naming any other payment id is not the order's.
 */
export const orderPayments = mysqlTable('order_payments', {
  orderId: char('order_id', { length: 36 }).primaryKey(),
  paymentId: varchar('payment_id', { length: PAYMENT_ID_LENGTH }).notNull(),
  recordedAt: datetime('recorded_at', { mode: 'date', fsp: 3 }).notNull(),
});
