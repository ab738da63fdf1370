import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { PasswordHasher } from '../src/domain/passwords/hasher.ts';

/**
 * The hasher as it was before the worker pool: bcryptjs's async API on the event loop, which only slices each
 * hash into chunks between other callbacks. Kept here so the bench measures the old path beside the new.
 */
export function createEventLoopHasher(cost: number): PasswordHasher {
  let dummyHash: Promise<string> | undefined;
  return {
    cost,
    hash: (password) => bcrypt.hash(password, cost),
    verify: (password, hash) => bcrypt.compare(password, hash),
    verifyNothing: async (password) => {
      dummyHash ??= bcrypt.hash(randomBytes(16).toString('base64'), cost);
      await bcrypt.compare(password, await dummyHash);
    },
    capacityPerSecond: () => undefined,
    close: async () => {},
  };
}
