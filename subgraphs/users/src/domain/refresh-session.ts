import { parseInput, unauthenticated, withTransaction } from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { refreshTokens, users } from '../db/schema/index.ts';
import type { UsersDependencies } from '../dependencies.ts';
import { digestRefreshToken, revokeFamily } from './sessions/refresh-tokens.ts';
import { revokeSessionAccess } from './sessions/revoke-access.ts';
import { type SessionPayload, startSession } from './sessions/start-session.ts';

const Input = z.object({ refreshToken: z.string().trim().min(1, 'is required') });

type Outcome =
  | { kind: 'rotated'; payload: SessionPayload }
  | { kind: 'refused' }
  | { kind: 'reused'; familyId: string; userId: number };

/**
 * Rotates a refresh token: the presented one is marked used and a new one of the same family is issued. A
 * token that was already rotated can only come from a copy (theft or replay), so its whole family is revoked,
 * and the gateway refuses every access token of that session, the thief's and the owner's alike.
 * The token row is locked while deciding, so two parallel refreshes with one token count as reuse.
 */
export async function refreshSession(
  deps: UsersDependencies,
  input: { refreshToken: string },
): Promise<SessionPayload> {
  const { refreshToken } = parseInput(Input, input);
  const outcome = await withTransaction(deps.db, async (tx): Promise<Outcome> => {
    const now = new Date();
    const [token] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, digestRefreshToken(refreshToken)))
      .for('update');
    if (!token || token.revokedAt || token.expiresAt <= now) return { kind: 'refused' };
    if (token.rotatedAt) {
      await revokeFamily(tx, token.familyId, token.userId, now);
      return { kind: 'reused', familyId: token.familyId, userId: token.userId };
    }
    await tx.update(refreshTokens).set({ rotatedAt: now }).where(eq(refreshTokens.id, token.id));
    const [user] = await tx.select().from(users).where(eq(users.id, token.userId));
    if (!user) return { kind: 'refused' };
    return { kind: 'rotated', payload: await startSession(deps, tx, user, token.familyId) };
  });

  if (outcome.kind === 'rotated') return outcome.payload;
  if (outcome.kind === 'reused') {
    await revokeSessionAccess(deps, [outcome.familyId]);
    deps.logger.warn(
      { userId: outcome.userId, familyId: outcome.familyId },
      'refresh token reused: session revoked',
    );
  }
  throw unauthenticated('The refresh token is invalid, expired or revoked; log in again');
}
