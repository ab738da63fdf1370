import { type Transaction, withTransaction } from '@fcfs/shared';
import { and, eq, isNull } from 'drizzle-orm';
import type { UsersSchema } from '../../db/client.ts';
import { refreshTokens } from '../../db/schema/index.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import { revokeAllOfUser } from './refresh-tokens.ts';
import { revokeSessionAccess, revokeUserAccess } from './revoke-access.ts';

/**
 * Applies `change` to the account and ends every session of the user in the same transaction: its refresh
 * tokens are revoked, then the gateway refuses the access tokens of each of those sessions (by `sid`) and every
 * earlier token of the user (by `iat`). The live rows stay locked until the change commits, so a parallel
 * refresh either ends before it (and its session is on the list) or fails after it.
 */
export async function endAllSessions(
  deps: Pick<UsersDependencies, 'db' | 'redis' | 'accessTokens'>,
  userId: number,
  change: (tx: Transaction<UsersSchema>, now: Date) => Promise<void>,
): Promise<void> {
  const now = new Date();
  const sessionIds = await withTransaction(deps.db, async (tx) => {
    const live = await tx
      .select({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
      .for('update');
    await change(tx, now);
    await revokeAllOfUser(tx, userId, now);
    return [...new Set(live.map(({ familyId }) => familyId))];
  });
  await revokeSessionAccess(deps, sessionIds);
  await revokeUserAccess(deps, String(userId), now);
}
