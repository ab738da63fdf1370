import { randomBytes } from 'node:crypto';
import type { NewUserRow } from '../../db/schema/index.ts';
import type { PiiCipher } from '../pii/cipher.ts';

/** Not a bcrypt hash: nothing verifies against it, and it marks the row as erased. */
export const ERASED_PASSWORD_HASH = '!erased';

export const isErased = (user: { passwordHash: string }): boolean =>
  user.passwordHash === ERASED_PASSWORD_HASH;

/**
 * What an erased account's row holds: placeholders (encrypted under a PII key, not a user key: they say
 * nothing about the buyer, and every reader keeps working after the user's key is deleted),
 * a random blind index that matches no email, and a password hash no password verifies against.
 */
export function anonymisedProfile(
  pii: PiiCipher,
  userId: number,
  now: Date,
): Omit<NewUserRow, 'id' | 'role' | 'createdAt'> {
  return {
    emailIndex: randomBytes(32).toString('hex'),
    emailCiphertext: pii.encrypt('email', `deleted-user-${userId}@invalid`),
    nameCiphertext: pii.encrypt('name', 'Deleted user'),
    addressCiphertext: pii.encrypt('address', '-'),
    phoneCiphertext: null,
    // The random index above already hides the row from login.
    passwordHash: ERASED_PASSWORD_HASH,
    updatedAt: now,
  };
}
