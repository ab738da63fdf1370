import { DATA_KEY_PREFIX, type Executor, MAX_PAGE_SIZE } from '@fcfs/shared';
import { and, asc, count, desc, eq, gt, inArray, lt, ne, notLike } from 'drizzle-orm';
import type { UsersSchema } from './client.ts';
import { type UserRow, users } from './schema/index.ts';

type Db = Executor<UsersSchema>;

/** The account of a normalised email's blind index (unique), if any. */
export async function findUserByEmailIndex(db: Db, emailIndex: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.emailIndex, emailIndex)).limit(1);
  return row;
}

export async function findUsersByIds(db: Db, ids: number[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(users).where(inArray(users.id, ids));
}

/** Newest first, from before `beforeId`; one row more than `limit`, so the caller sees whether more follow. */
export async function listUsersPage(
  db: Db,
  { beforeId, limit }: { beforeId?: number; limit: number },
): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(beforeId === undefined ? undefined : lt(users.id, beforeId))
    .orderBy(desc(users.id))
    .limit(Math.min(limit, MAX_PAGE_SIZE) + 1);
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ total: count() }).from(users);
  return row?.total ?? 0;
}

/** The row, locked until the transaction ends, so a profile write and the key backfill take turns. */
export async function findUserForUpdate(db: Db, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).for('update');
  return row;
}

/** Ids after `afterId` whose profile is still sealed directly under a PII key, skipping erased accounts. */
export async function listUnkeyedUserIds(
  db: Db,
  { afterId, limit, erasedPasswordHash }: { afterId: number; limit: number; erasedPasswordHash: string },
): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        gt(users.id, afterId),
        notLike(users.emailCiphertext, `${DATA_KEY_PREFIX}:%`),
        ne(users.passwordHash, erasedPasswordHash),
      ),
    )
    .orderBy(asc(users.id))
    .limit(limit);
  return rows.map((row) => row.id);
}
