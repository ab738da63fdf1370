import { randomBytes } from 'node:crypto';
import { createHashingPool, type HashingPool } from './hashing-pool.ts';

export interface PasswordHasher {
  hash: (password: string) => Promise<string>;
  verify: (password: string, hash: string) => Promise<boolean>;
  /**
   * Spends the time of one `verify` against nothing. Login calls it for an unknown email so an attacker
   * cannot tell a registered address from an unregistered one by the answer's speed.
   */
  verifyNothing: (password: string) => Promise<void>;
  cost: number;
  /** Hashes per second this process finishes, as measured; undefined before the first. */
  capacityPerSecond: () => number | undefined;
  /** Ends the worker threads once their jobs are done: the service's shutdown calls it. */
  close: () => Promise<void>;
}

/**
 * bcrypt at `cost`, on the pool's worker threads. Each call may throw TEMPORARILY_UNAVAILABLE (with
 * `retryAfterSeconds`) at once when the pool is full.
 */
export function createPasswordHasher(cost: number, pool: HashingPool = createHashingPool()): PasswordHasher {
  // A hash of a random secret at the same cost, made once, so the dummy compare costs what a real one does.
  let dummyHash: Promise<string> | undefined;
  const dummy = () => {
    dummyHash ??= pool.hash(randomBytes(16).toString('base64'), cost).catch((error: unknown) => {
      // A refusal (pool full) must not be remembered: the next unknown email makes the hash again.
      dummyHash = undefined;
      throw error;
    });
    return dummyHash;
  };
  return {
    cost,
    hash: (password) => pool.hash(password, cost),
    verify: (password, hash) => pool.compare(password, hash),
    verifyNothing: async (password) => {
      await pool.compare(password, await dummy());
    },
    capacityPerSecond: pool.capacityPerSecond,
    close: pool.close,
  };
}
