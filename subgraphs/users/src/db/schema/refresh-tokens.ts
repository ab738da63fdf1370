import { bigint, char, datetime, index, mysqlTable, uniqueIndex } from 'drizzle-orm/mysql-core';
import { users } from './users.ts';

/**
 * One row per refresh token ever issued, stored as its SHA-256. Tokens of one login share a `family_id`
 * (the access token's `sid` claim): rotating marks the old row `rotated_at`, and presenting a rotated token
 * again revokes the whole family, because only a thief or a replay can hold it.
 */
export const refreshTokens = mysqlTable(
  'refresh_tokens',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    tokenHash: char('token_hash', { length: 64 }).notNull(),
    familyId: char('family_id', { length: 36 }).notNull(),
    userId: bigint('user_id', { mode: 'number', unsigned: true })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
    expiresAt: datetime('expires_at', { mode: 'date', fsp: 3 }).notNull(),
    rotatedAt: datetime('rotated_at', { mode: 'date', fsp: 3 }),
    revokedAt: datetime('revoked_at', { mode: 'date', fsp: 3 }),
  },
  (table) => [
    uniqueIndex('refresh_tokens_token_hash_unique').on(table.tokenHash),
    index('refresh_tokens_family_idx').on(table.familyId),
    index('refresh_tokens_user_idx').on(table.userId),
  ],
);

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
