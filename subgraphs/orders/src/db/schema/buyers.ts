import { datetime, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';

/**
 * Each buyer's data key, wrapped by orders' PII key. Every shipping address of the buyer is sealed with it,
 * so deleting this row (on `user.deleted`) leaves each copy unreadable: crypto-shredding.
 */
export const buyerKeys = mysqlTable('buyer_keys', {
  userId: varchar('user_id', { length: 64 }).primaryKey(),
  /** Null once the buyer was erased: the tombstone keeps a late event from giving them a new key. */
  wrappedKey: varchar('wrapped_key', { length: 255 }),
  createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
});

/**
 * The profile address each buyer's order ships to by default, sealed with the buyer's data key. Kept from
 * users' `user.address-changed` events, so placing an order never asks the users service.
 */
export const buyerAddresses = mysqlTable('buyer_addresses', {
  userId: varchar('user_id', { length: 64 }).primaryKey(),
  addressCiphertext: text('address_ciphertext').notNull(),
  updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull(),
});

export type BuyerKeyRow = typeof buyerKeys.$inferSelect;
