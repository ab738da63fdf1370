import { datetime, mediumtext, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

/** As long as orders' own order and user ids: a longer one names no order. */
export const SETTLEMENT_ID_LENGTH = 64;

/**
 * Orders whose units catalog took off the shelf (order.paid), with the lines it took: the only units a cancel
 * or return may bring back, and only once (`restoredAt`).
 */
export const settlements = mysqlTable('settlements', {
  orderId: varchar('order_id', { length: SETTLEMENT_ID_LENGTH }).primaryKey(),
  userId: varchar('user_id', { length: SETTLEMENT_ID_LENGTH }).notNull(),
  /** The settled lines as JSON, `[{ productId, quantity }]`; sized for any Kafka message. */
  lines: mediumtext('lines').notNull(),
  settledAt: datetime('settled_at', { mode: 'date', fsp: 3 }).notNull(),
  restoredAt: datetime('restored_at', { mode: 'date', fsp: 3 }),
});
