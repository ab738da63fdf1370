import { ROLES } from '@fcfs/shared';
import {
  bigint,
  char,
  datetime,
  mysqlEnum,
  mysqlTable,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';

/**
 * Personal data is stored only as AES-256-GCM ciphertext (`<keyId>:<iv>:<tag>:<ciphertext>`, see
 * domain/pii); the email is found and kept unique through `email_index`, an HMAC-SHA256 blind index of the
 * normalised address.
 */
export const users = mysqlTable(
  'users',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    emailIndex: char('email_index', { length: 64 }).notNull(),
    emailCiphertext: varchar('email_ciphertext', { length: 512 }).notNull(),
    nameCiphertext: varchar('name_ciphertext', { length: 1024 }).notNull(),
    addressCiphertext: text('address_ciphertext').notNull(),
    phoneCiphertext: varchar('phone_ciphertext', { length: 255 }),
    passwordHash: varchar('password_hash', { length: 60 }).notNull(),
    role: mysqlEnum('role', ROLES).notNull().default('CUSTOMER'),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
    updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull(),
  },
  (table) => [uniqueIndex('users_email_index_unique').on(table.emailIndex)],
);

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
