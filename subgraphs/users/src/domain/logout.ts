import { type ForwardedToken, requireViewer, unauthenticated, type Viewer } from '@fcfs/shared';
import type { UsersDependencies } from '../dependencies.ts';
import { revokeFamily } from './sessions/refresh-tokens.ts';
import { revokedJtiKey } from './sessions/revocation-keys.ts';

/** The access token the gateway verified for this request, covered by its signature. */
export type PresentedAccessToken = ForwardedToken;

/** Clock skew the gateway may allow; a deny-list entry lives this much past the token's expiry. */
const SKEW_MS = 60_000;

/** Denies the presented access token until it expires and revokes the refresh tokens of its session. */
export async function logout(
  deps: UsersDependencies,
  viewer: Viewer | null,
  token: PresentedAccessToken | null,
): Promise<true> {
  const caller = requireViewer(viewer);
  if (!token) throw unauthenticated('Logging out needs the access token of the session');
  await denyAccessToken(deps, token);
  if (token.sessionId) await revokeFamily(deps.db, token.sessionId, Number(caller.id), new Date());
  return true;
}

/** Puts `jti` on the gateway's deny-list for the rest of its life (never longer than a token can live). */
export async function denyAccessToken(deps: UsersDependencies, token: PresentedAccessToken): Promise<void> {
  const remainingMs = Math.min(token.expiresAt * 1000 - Date.now(), deps.accessTokens.ttlMs) + SKEW_MS;
  if (remainingMs > 0) await deps.redis.set(revokedJtiKey(token.jti), '1', 'PX', remainingMs);
}
