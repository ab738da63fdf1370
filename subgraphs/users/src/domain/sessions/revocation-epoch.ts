import type { Redis } from '@fcfs/shared';
import { REVOCATION_EPOCH_KEY } from './revocation-keys.ts';

/**
 * Recreates `revoked:epoch` if Redis lost it, before a token is signed: the gateway refuses every token while
 * the mark is missing and, once it is back, every token issued before it. Only the first writer after a
 * loss sets it (NX), at a moment no later than the `iat` of the token it is about to sign.
 */
export async function ensureRevocationEpoch(redis: Redis, now: Date): Promise<void> {
  await redis.set(REVOCATION_EPOCH_KEY, String(Math.floor(now.getTime() / 1000)), 'NX');
}
