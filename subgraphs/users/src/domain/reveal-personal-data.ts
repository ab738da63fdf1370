import type { Viewer } from '@fcfs/shared';
import type { UserRow } from '../db/schema/index.ts';
import { openProfileField, type ProfileReader } from './pii/profile-sealing.ts';

type PrivateField = 'email' | 'address' | 'phone';

/**
 * A user as the session verbs return it: the caller of `signUp`, `login` or `refreshToken` is anonymous to
 * the gateway but has just proven to be this user, so the payload's user reads as their own.
 */
export type SessionUser = UserRow & { readBySelf: true };

export const asSessionUser = (user: UserRow): SessionUser => ({ ...user, readBySelf: true });

/** Contact data is shown to the user themself and to admins; anyone else gets null, not an error. */
const mayRead = (viewer: Viewer | null, user: UserRow & { readBySelf?: true }) =>
  user.readBySelf === true || (viewer !== null && (viewer.role === 'ADMIN' || viewer.id === String(user.id)));

const CIPHERTEXT = {
  email: (user: UserRow) => user.emailCiphertext,
  address: (user: UserRow) => user.addressCiphertext,
  phone: (user: UserRow) => user.phoneCiphertext,
} as const satisfies Record<PrivateField, (user: UserRow) => string | null>;

export async function revealPrivateField(
  deps: ProfileReader,
  viewer: Viewer | null,
  user: UserRow & { readBySelf?: true },
  field: PrivateField,
): Promise<string | null> {
  if (!mayRead(viewer, user)) return null;
  const ciphertext = CIPHERTEXT[field](user);
  return ciphertext === null ? null : openProfileField(deps, user.id, field, ciphertext);
}

/** The display name is visible to every caller that can reach the user (e.g. an admin's order list). */
export const revealName = (deps: ProfileReader, user: UserRow): Promise<string> =>
  openProfileField(deps, user.id, 'name', user.nameCiphertext);
