import { datetime, int, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';

/** A user's cart is the set of their lines; one line per product. */
export const cartItems = mysqlTable(
  'cart_items',
  {
    userId: varchar('user_id', { length: 64 }).notNull(),
    productId: varchar('product_id', { length: 32 }).notNull(),
    quantity: int('quantity', { unsigned: true }).notNull(),
    addedAt: datetime('added_at', { mode: 'date', fsp: 3 }).notNull(),
    updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.productId] })],
);

export type CartItemRow = typeof cartItems.$inferSelect;
