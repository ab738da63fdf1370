import { char, datetime, index, int, json, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

export const ORDER_MAIL_KINDS = ['PAID', 'SHIPPING', 'REFUNDED', 'PAYMENT_FAILED'] as const;
export type OrderMailKind = (typeof ORDER_MAIL_KINDS)[number];

export interface OrderMailLine {
  productId: string;
  quantity: number;
  unitPrice: number;
}

/**
 * What an order mail lists, kept from `order.created`: product ids, quantities, prices and the buyer's id,
 * nothing personal. Status events then need only the order id.
 */
export const orderSummaries = mysqlTable(
  'order_summaries',
  {
    orderId: char('order_id', { length: 36 }).primaryKey(),
    userId: varchar('user_id', { length: 64 }).notNull(),
    lines: json('lines').$type<OrderMailLine[]>().notNull(),
    totalPrice: int('total_price', { unsigned: true }).notNull(),
    placedAt: datetime('placed_at', { mode: 'date', fsp: 3 }).notNull(),
  },
  (table) => [index('order_summaries_user_idx').on(table.userId)],
);

/**
 * One mail owed per order status event (the event id is the key), written by the consumer and sent by the
 * order-mail sender: an SMTP outage delays these rows, never the consumer. `sent_at` set means delivered.
 */
export const orderMails = mysqlTable(
  'order_mails',
  {
    eventId: varchar('event_id', { length: 36 }).primaryKey(),
    orderId: char('order_id', { length: 36 }).notNull(),
    userId: varchar('user_id', { length: 64 }).notNull(),
    kind: varchar('kind', { length: 20 }).$type<OrderMailKind>().notNull(),
    attempts: int('attempts', { unsigned: true }).notNull().default(0),
    nextAttemptAt: datetime('next_attempt_at', { mode: 'date', fsp: 3 }).notNull(),
    lastError: varchar('last_error', { length: 255 }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
    sentAt: datetime('sent_at', { mode: 'date', fsp: 3 }),
  },
  (table) => [
    index('order_mails_due_idx').on(table.sentAt, table.nextAttemptAt),
    index('order_mails_user_idx').on(table.userId),
  ],
);

export type OrderSummaryRow = typeof orderSummaries.$inferSelect;
export type OrderMailRow = typeof orderMails.$inferSelect;
