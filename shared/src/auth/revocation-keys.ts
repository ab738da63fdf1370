/**
 * Redis keys users writes and the gateway reads on every request (DESIGN §7). `revoked:jti:<jti>` denies one
 * access token until it expires; `revoked:user:<id>` holds the Unix time in seconds from which the user's
 * earlier access tokens are refused (a token whose `iat` is below it).
 */
export const revokedJtiKey = (jti: string) => `revoked:jti:${jti}`;
export const revokedUserKey = (userId: string) => `revoked:user:${userId}`;
