import { type Executor, MAX_PAGE_SIZE } from '@fcfs/shared';
import { count, desc, eq, lt } from 'drizzle-orm';
import type { UsersSchema } from './client.ts';
import { type UserRow, users } from './schema/index.ts';

type Db = Executor<UsersSchema>;

/** The account of a normalised email's blind index (unique), if any. */
export async function findUserByEmailIndex(db: Db, emailIndex: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.emailIndex, emailIndex)).limit(1);
  return row;
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
