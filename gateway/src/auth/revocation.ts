import { revokedJtiKey, revokedUserKey } from '@fcfs/shared';
import type { Redis } from 'ioredis';
import type { VerifiedToken } from './access-token.ts';

export interface RevocationList {
  /** True when users put the token's `jti` on the deny-list, or revoked every token of its user since `iat`. */
  isRevoked: (token: VerifiedToken) => Promise<boolean>;
}

/** The deny-list users writes (logout, change of password, refresh-token reuse), read on every request. */
export function createRevocationList(redis: Redis): RevocationList {
  return {
    isRevoked: async (token) => {
      const [denied, revokedSince] = await Promise.all([
        redis.exists(revokedJtiKey(token.jti)),
        redis.get(revokedUserKey(token.viewer.id)),
      ]);
      if (denied > 0) return true;
      return revokedSince !== null && token.issuedAt < Number(revokedSince);
    },
  };
}
