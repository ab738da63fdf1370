import type { UsersDependencies } from '../../dependencies.ts';
import { revokedSessionKey, revokedUserKey } from './revocation-keys.ts';

/** Clock skew the gateway may allow; a deny-list entry lives this much past the last token it covers. */
export const REVOCATION_SKEW_MS = 60_000;

type Deps = Pick<UsersDependencies, 'redis' | 'accessTokens'>;

/**
 * Refuses every access token of these sessions at the gateway, in one round trip per Redis server. The caller has revoked the
 * sessions' refresh tokens first, so none of them gets a token after this; each mark lives as long as the
 * last token issued to its session can.
 */
export async function revokeSessionAccess(deps: Deps, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const ttlMs = deps.accessTokens.ttlMs + REVOCATION_SKEW_MS;
  // Issued in one tick, so they travel together (the keys span slots on a cluster).
  await Promise.all(
    sessionIds.map((sessionId) => deps.redis.set(revokedSessionKey(sessionId), '1', 'PX', ttlMs)),
  );
}

/**
 * Refuses every access token of the user issued before `now`'s second (`iat` is in whole seconds and the
 * gateway refuses `iat < mark`; tokens of this very second are left to their sessions' own marks).
 */
export async function revokeUserAccess(deps: Deps, userId: string, now: Date): Promise<void> {
  await deps.redis.set(
    revokedUserKey(userId),
    String(Math.floor(now.getTime() / 1000)),
    'PX',
    deps.accessTokens.ttlMs + REVOCATION_SKEW_MS,
  );
}
