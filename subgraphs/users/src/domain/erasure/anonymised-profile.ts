import { randomBytes } from 'node:crypto';
import type { NewUserRow } from '../../db/schema/index.ts';
import type { PiiCipher } from '../pii/cipher.ts';

/**
 * What an erased account's row holds: placeholders (encrypted like any value, so every reader keeps working),
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
    // Not a bcrypt hash: nothing verifies against it, and the random index above already hides the row from login.
    passwordHash: '!erased',
    updatedAt: now,
  };
}
