import { bigint, datetime, index, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

export const ADJUSTMENT_REASON_LENGTH = 500;

/**
 * Every admin correction of units on hand (adjustStock): who, why, when, by how much, and the units on hand
 * it left, so a count that disagrees with the shelf can be traced. Rows are only ever added.
 */
export const stockAdjustments = mysqlTable(
  'stock_adjustments',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    productId: bigint('product_id', { mode: 'number', unsigned: true }).notNull(),
    delta: int('delta').notNull(),
    reason: varchar('reason', { length: ADJUSTMENT_REASON_LENGTH }).notNull(),
    /** The admin's user id, as the gateway's signed context gave it. */
    adminId: varchar('admin_id', { length: 64 }).notNull(),
    stockAfter: int('stock_after', { unsigned: true }).notNull(),
    adjustedAt: datetime('adjusted_at', { mode: 'date', fsp: 3 }).notNull(),
  },
  (table) => [index('stock_adjustments_product_idx').on(table.productId, table.id)],
);

export type StockAdjustmentRow = typeof stockAdjustments.$inferSelect;
export type NewStockAdjustmentRow = typeof stockAdjustments.$inferInsert;
