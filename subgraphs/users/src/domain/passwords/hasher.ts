import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

export interface PasswordHasher {
  hash: (password: string) => Promise<string>;
  verify: (password: string, hash: string) => Promise<boolean>;
  /**
   * Spends the time of one `verify` against nothing. Login calls it for an unknown email so an attacker
   * cannot tell a registered address from an unregistered one by the answer's speed.
   */
  verifyNothing: (password: string) => Promise<void>;
  cost: number;
}

export function createPasswordHasher(cost: number): PasswordHasher {
  // A hash of a random secret at the same cost, made once, so the dummy compare costs what a real one does.
  let dummyHash: Promise<string> | undefined;
  return {
    cost,
    hash: (password) => bcrypt.hash(password, cost),
    verify: (password, hash) => bcrypt.compare(password, hash),
    verifyNothing: async (password) => {
      dummyHash ??= bcrypt.hash(randomBytes(16).toString('base64'), cost);
      await bcrypt.compare(password, await dummyHash);
    },
  };
}
