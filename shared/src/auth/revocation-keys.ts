/**
 * Redis keys users writes and the gateway reads on every request (docs/architecture.md#revocation):
 * - `revoked:jti:<jti>` denies one access token until it expires;
 * - `revoked:session:<sid>` denies every access token of one session (refresh-token family) until the last
 *   one issued expires: logout and refresh-token reuse end the session whole;
 * - `revoked:user:<id>` holds the Unix time in seconds from which the user's earlier access tokens are
 *   refused (a token whose `iat` is below it);
 * - `revoked:epoch` holds the Unix time in seconds from which this Redis holds the whole deny-list. Without it
 *   (Redis came back empty) every token is refused; users recreates it with the next token it issues, so
 *   tokens issued before the loss stay refused and a client gets back in with its refresh token.
 */
export const revokedJtiKey = (jti: string) => `revoked:jti:${jti}`;
export const revokedSessionKey = (sessionId: string) => `revoked:session:${sessionId}`;
export const revokedUserKey = (userId: string) => `revoked:user:${userId}`;
export const REVOCATION_EPOCH_KEY = 'revoked:epoch';
