import { bigint, datetime, index, int, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';

export const products = mysqlTable(
  'products',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    name: varchar('name', { length: 200 }).notNull(),
    description: text('description').notNull(),
    price: int('price', { unsigned: true }).notNull(),
    stock: int('stock', { unsigned: true }).notNull(),
    /** Every unit ever put on the shelf (initial stock + restocks): the ceiling that sold units never pass. */
    unitsReceived: int('units_received', { unsigned: true }).notNull().default(0),
    saleStartsAt: datetime('sale_starts_at', { mode: 'date', fsp: 3 }).notNull(),
    saleEndsAt: datetime('sale_ends_at', { mode: 'date', fsp: 3 }),
    purchaseLimit: int('purchase_limit', { unsigned: true }).notNull(),
    /** Set by archiveProduct: off the shelf and no longer orderable; orders keep their lines. */
    archivedAt: datetime('archived_at', { mode: 'date', fsp: 3 }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
    updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull(),
  },
  (table) => [
    index('products_sale_window_idx').on(table.saleStartsAt, table.saleEndsAt),
    index('products_name_idx').on(table.name),
  ],
);

export type ProductRow = typeof products.$inferSelect;
export type NewProductRow = typeof products.$inferInsert;
