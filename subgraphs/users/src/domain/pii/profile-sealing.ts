import { isSealedWithDataKey, openWithDataKey, sealWithDataKey } from '@fcfs/shared';
import type { UserRow } from '../../db/schema/index.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import type { PiiCipher, PiiField } from './cipher.ts';

export interface Profile {
  email: string;
  name: string;
  address: string;
  phone: string | null;
}

type ProfileColumns = Pick<
  UserRow,
  'emailCiphertext' | 'nameCiphertext' | 'addressCiphertext' | 'phoneCiphertext'
>;
export type ProfileReader = Pick<UsersDependencies, 'db' | 'pii' | 'userKeys'>;

/** Every personal column sealed under the user's own data key (`~u:<iv>:<tag>:<ciphertext>`). */
export const sealProfile = (dataKey: Buffer, profile: Profile): ProfileColumns => ({
  emailCiphertext: sealWithDataKey(dataKey, 'email', profile.email),
  nameCiphertext: sealWithDataKey(dataKey, 'name', profile.name),
  addressCiphertext: sealWithDataKey(dataKey, 'address', profile.address),
  phoneCiphertext: profile.phone === null ? null : sealWithDataKey(dataKey, 'phone', profile.phone),
});

/**
 * Either format: under the user's data key, or (a row the backfill has not moved yet, or an erased
 * account's placeholders) directly under a PII key. `dataKey` may be absent only for the second kind.
 */
export function openField(
  pii: PiiCipher,
  dataKey: Buffer | undefined,
  field: PiiField,
  stored: string,
): string {
  if (!isSealedWithDataKey(stored)) return pii.decrypt(field, stored);
  if (!dataKey) throw new Error(`${field} is sealed with a data key that is not at hand`);
  return openWithDataKey(dataKey, field, stored);
}

export const openProfileWith = (
  pii: PiiCipher,
  dataKey: Buffer | undefined,
  user: ProfileColumns,
): Profile => ({
  email: openField(pii, dataKey, 'email', user.emailCiphertext),
  name: openField(pii, dataKey, 'name', user.nameCiphertext),
  address: openField(pii, dataKey, 'address', user.addressCiphertext),
  phone: user.phoneCiphertext === null ? null : openField(pii, dataKey, 'phone', user.phoneCiphertext),
});

/** One field for a read; looks the user's key up (cached) only when the value needs it. */
export async function openProfileField(
  deps: ProfileReader,
  userId: number,
  field: PiiField,
  stored: string,
): Promise<string> {
  const dataKey = isSealedWithDataKey(stored) ? await deps.userKeys.forReading(deps.db, userId) : undefined;
  return openField(deps.pii, dataKey, field, stored);
}

/** The whole profile for a read. */
export async function openProfile(deps: ProfileReader, user: UserRow): Promise<Profile> {
  const dataKey = isSealedWithDataKey(user.emailCiphertext)
    ? await deps.userKeys.forReading(deps.db, user.id)
    : undefined;
  return openProfileWith(deps.pii, dataKey, user);
}
