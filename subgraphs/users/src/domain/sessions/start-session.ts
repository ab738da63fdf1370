import { randomUUID } from 'node:crypto';
import type { Executor } from '@fcfs/shared';
import type { UsersSchema } from '../../db/client.ts';
import type { UserRow } from '../../db/schema/index.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import { asSessionUser, type SessionUser } from '../reveal-personal-data.ts';
import { insertRefreshToken } from './refresh-tokens.ts';
import { ensureRevocationEpoch } from './revocation-epoch.ts';

export interface SessionPayload {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  user: SessionUser;
}

/**
 * Issues an access token and a refresh token for `user`. A new login starts a new family (session); a
 * refresh continues the family of the token it replaced, so `logout` and reuse detection can end it whole.
 */
export async function startSession(
  deps: Pick<UsersDependencies, 'accessTokens' | 'settings' | 'redis'>,
  db: Executor<UsersSchema>,
  user: UserRow,
  familyId: string = randomUUID(),
): Promise<SessionPayload> {
  const now = new Date();
  await ensureRevocationEpoch(deps.redis, now);
  const refreshToken = await insertRefreshToken(db, {
    userId: user.id,
    familyId,
    ttlMs: deps.settings.refreshTokenTtlMs,
    now,
  });
  const access = deps.accessTokens.sign({ userId: String(user.id), role: user.role, sessionId: familyId });
  return { accessToken: access.token, refreshToken, expiresAt: access.expiresAt, user: asSessionUser(user) };
}
