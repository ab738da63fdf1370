import type { Executor } from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import type { UsersSchema } from './client.ts';
import { userKeys } from './schema/index.ts';

type Db = Executor<UsersSchema>;

export async function findWrappedUserKey(db: Db, userId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ wrappedKey: userKeys.wrappedKey })
    .from(userKeys)
    .where(eq(userKeys.userId, userId));
  return row?.wrappedKey;
}

export async function insertUserKey(db: Db, userId: number, wrappedKey: string, now: Date): Promise<void> {
  await db.insert(userKeys).values({ userId, wrappedKey, createdAt: now });
}

export async function replaceUserKey(db: Db, userId: number, wrappedKey: string): Promise<void> {
  await db.update(userKeys).set({ wrappedKey }).where(eq(userKeys.userId, userId));
}

export async function deleteUserKey(db: Db, userId: number): Promise<void> {
  await db.delete(userKeys).where(eq(userKeys.userId, userId));
}
