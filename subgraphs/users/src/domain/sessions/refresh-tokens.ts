import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '@fcfs/shared';
import { and, eq, isNull } from 'drizzle-orm';
import type { UsersSchema } from '../../db/client.ts';
import { refreshTokens } from '../../db/schema/index.ts';

/**
 * Refresh tokens are 32 random bytes: unguessable, so a fast unsalted SHA-256 is enough to keep a database
 * dump from yielding usable tokens (bcrypt is for low-entropy secrets like passwords).
 */
export const digestRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function insertRefreshToken(
  db: Executor<UsersSchema>,
  session: { userId: number; familyId: string; ttlMs: number; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(refreshTokens).values({
    tokenHash: digestRefreshToken(token),
    familyId: session.familyId,
    userId: session.userId,
    createdAt: session.now,
    expiresAt: new Date(session.now.getTime() + session.ttlMs),
  });
  return token;
}

/** Revokes every live token of one session (refresh-token family); `userId` keeps a caller to its own. */
export async function revokeFamily(
  db: Executor<UsersSchema>,
  familyId: string,
  userId: number,
  now: Date,
): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(refreshTokens.familyId, familyId),
        eq(refreshTokens.userId, userId),
        isNull(refreshTokens.revokedAt),
      ),
    );
}

export async function revokeAllOfUser(db: Executor<UsersSchema>, userId: number, now: Date): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
