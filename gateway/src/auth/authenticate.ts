import { unauthenticated } from '@fcfs/shared';
import type { AccessTokenVerifier, VerifiedToken } from './access-token.ts';

export interface Authenticator {
  /**
   * No credentials: `null` (anonymous; public fields still work). A token that is malformed, forged, of another
   * algorithm or expired: UNAUTHENTICATED, never a silent downgrade to anonymous. Revocation is checked where
   * the token is used: by the request gate before an operation runs, and by the subscription server.
   */
  authenticate: (authorization: string | undefined) => VerifiedToken | null;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function createAuthenticator(verifier: AccessTokenVerifier): Authenticator {
  return {
    authenticate: (authorization) => {
      if (authorization === undefined || authorization.trim() === '') return null;
      const token = BEARER.exec(authorization)?.[1];
      if (!token) throw unauthenticated('Send the access token as `Authorization: Bearer <token>`');
      return verifier.verify(token);
    },
  };
}
