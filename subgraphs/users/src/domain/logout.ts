import { type ForwardedToken, requireViewer, unauthenticated, type Viewer } from '@fcfs/shared';
import type { UsersDependencies } from '../dependencies.ts';
import { revokeFamily } from './sessions/refresh-tokens.ts';
import { revokedJtiKey } from './sessions/revocation-keys.ts';
import { REVOCATION_SKEW_MS, revokeSessionAccess } from './sessions/revoke-access.ts';

/** The access token the gateway verified for this request, covered by its signature. */
export type PresentedAccessToken = ForwardedToken;

/**
 * Ends the session of the presented access token: its refresh tokens are revoked, then the gateway refuses
 * every access token of the session (`sid`), not only this one. A token without a session is denied alone.
 */
export async function logout(
  deps: UsersDependencies,
  viewer: Viewer | null,
  token: PresentedAccessToken | null,
): Promise<true> {
  const caller = requireViewer(viewer);
  if (!token) throw unauthenticated('Logging out needs the access token of the session');
  if (!token.sessionId) {
    await denyAccessToken(deps, token);
    return true;
  }
  await revokeFamily(deps.db, token.sessionId, Number(caller.id), new Date());
  await revokeSessionAccess(deps, [token.sessionId]);
  return true;
}

/** Puts `jti` on the gateway's deny-list for the rest of its life (never longer than a token can live). */
export async function denyAccessToken(deps: UsersDependencies, token: PresentedAccessToken): Promise<void> {
  const remainingMs =
    Math.min(token.expiresAt * 1000 - Date.now(), deps.accessTokens.ttlMs) + REVOCATION_SKEW_MS;
  if (remainingMs > 0) await deps.redis.set(revokedJtiKey(token.jti), '1', 'PX', remainingMs);
}
