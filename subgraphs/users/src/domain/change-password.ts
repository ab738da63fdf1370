import {
  badUserInput,
  parseInput,
  rateLimited,
  requireViewer,
  unauthenticated,
  type Viewer,
  withTransaction,
} from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../db/schema/index.ts';
import type { UsersDependencies } from '../dependencies.ts';
import { invalidCredentials } from './errors.ts';
import { denyAccessToken, type PresentedAccessToken } from './logout.ts';
import { assertPasswordPolicy } from './passwords/policy.ts';
import { revokeAllOfUser } from './sessions/refresh-tokens.ts';
import { revokedUserKey } from './sessions/revocation-keys.ts';

const Input = z.object({
  currentPassword: z.string().min(1, 'is required'),
  newPassword: z.string(),
});

/**
 * Sets a new password and ends every session of the user: all refresh tokens are revoked, and
 * `revoked:user:<id>` tells the gateway to refuse access tokens issued before now. Wrong current passwords
 * count toward the same limit as failed logins.
 */
export async function changePassword(
  deps: UsersDependencies,
  viewer: Viewer | null,
  token: PresentedAccessToken | null,
  input: { currentPassword: string; newPassword: string },
): Promise<true> {
  const caller = requireViewer(viewer);
  const { currentPassword, newPassword } = parseInput(Input, input);
  assertPasswordPolicy(newPassword, 'newPassword');
  if (newPassword === currentPassword)
    throw badUserInput('newPassword: must differ from the current password', 'newPassword');

  const [user] = await deps.db
    .select()
    .from(users)
    .where(eq(users.id, Number(caller.id)));
  if (!user) throw unauthenticated();
  const limit = await deps.limits.loginFailures.check(user.emailIndex);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);
  if (!(await deps.passwords.verify(currentPassword, user.passwordHash))) {
    await deps.limits.loginFailures.consume(user.emailIndex);
    throw invalidCredentials('The current password is wrong');
  }

  const passwordHash = await deps.passwords.hash(newPassword);
  const now = new Date();
  await withTransaction(deps.db, async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, user.id));
    await revokeAllOfUser(tx, user.id, now);
  });
  // Whole seconds, like `iat`: the gateway refuses `iat < value`. A token issued earlier within this very
  // second slips through that rule, so the caller's own token is also denied by its jti.
  await deps.redis.set(
    revokedUserKey(caller.id),
    String(Math.floor(now.getTime() / 1000)),
    'PX',
    deps.accessTokens.ttlMs + 60_000,
  );
  if (token) await denyAccessToken(deps, token);
  return true;
}
