import { unauthenticated } from '@fcfs/shared';
import type { AccessTokenVerifier, VerifiedToken } from './access-token.ts';
import type { RevocationList } from './revocation.ts';

export interface Authenticator {
  /**
   * No credentials: `null` (anonymous; public fields still work). A token that is malformed, forged, of another
   * algorithm, expired or revoked: UNAUTHENTICATED, never a silent downgrade to anonymous.
   */
  authenticate: (authorization: string | undefined) => Promise<VerifiedToken | null>;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function createAuthenticator(
  verifier: AccessTokenVerifier,
  revocations: RevocationList,
): Authenticator {
  return {
    authenticate: async (authorization) => {
      if (authorization === undefined || authorization.trim() === '') return null;
      const token = BEARER.exec(authorization)?.[1];
      if (!token) throw unauthenticated('Send the access token as `Authorization: Bearer <token>`');
      const verified = verifier.verify(token);
      if (await revocations.isRevoked(verified)) throw unauthenticated('The access token has been revoked');
      return verified;
    },
  };
}
