/**
 * Redis keys users writes and the gateway reads on every request (DESIGN §7). `revoked:jti:<jti>` denies one
 * access token until it expires; `revoked:user:<id>` holds the Unix time in seconds from which the user's
 * earlier access tokens are refused (a token whose `iat` is below it).
 */
export const revokedJtiKey = (jti: string) => `revoked:jti:${jti}`;
export const revokedUserKey = (userId: string) => `revoked:user:${userId}`;

/**
 * Claims of the verified access token that the gateway forwards beside the signed user context, for `logout`
 * and `changePassword`. Subgraphs read them only from a request whose signature checked out.
 */
export const FORWARDED_TOKEN_HEADERS = {
  tokenId: 'x-fcfs-token-jti',
  tokenExpiresAt: 'x-fcfs-token-exp',
  sessionId: 'x-fcfs-token-sid',
} as const;
