import { bigint, datetime, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

/**
 * Each user's data key, wrapped by the newest PII key (`<kekId>:<iv>:<tag>:<ciphertext>`, see
 * @fcfs/shared crypto). The profile columns of `users` are sealed under it; deleting the row is the erasure.
 */
export const userKeys = mysqlTable('user_keys', {
  userId: bigint('user_id', { mode: 'number', unsigned: true }).primaryKey(),
  wrappedKey: varchar('wrapped_key', { length: 255 }).notNull(),
  createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
});
