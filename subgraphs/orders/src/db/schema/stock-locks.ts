import { datetime, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

/**
 * One row per product, created at its first reservation under `STOCK_STRATEGY=db-lock`: the row that
 * `SELECT … FOR UPDATE` locks around check-then-reserve. The counters themselves stay in Redis, so release,
 * settle and restore (and catalog's live stock) work the same under every strategy.
 */
export const stockLocks = mysqlTable('stock_locks', {
  productId: varchar('product_id', { length: 32 }).primaryKey(),
  createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
});
