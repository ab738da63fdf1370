import { randomBytes } from 'node:crypto';
import { open, seal } from './sealed-box.ts';

/** A key that wraps per-user data keys (a PII key), named so a wrapped key says which one wrapped it. */
export interface KeyEncryptionKey {
  id: string;
  key: Buffer;
}

/** The prefix of a value sealed under its owner's data key; no key-encryption key id may contain `~`. */
export const DATA_KEY_PREFIX = '~u';

/** A fresh AES-256 data key for one user: whoever deletes its wrapped form erases every value sealed with it. */
export const newDataKey = (): Buffer => randomBytes(32);

/** `<kekId>:<iv>:<tag>:<ciphertext>`: the data key sealed under the newest key-encryption key, bound to its owner. */
export function wrapDataKey(kek: KeyEncryptionKey, owner: string, dataKey: Buffer): string {
  return `${kek.id}:${seal(kek.key, `data-key\n${owner}`, dataKey)}`;
}

export function unwrapDataKey(keks: readonly KeyEncryptionKey[], owner: string, wrapped: string): Buffer {
  const separator = wrapped.indexOf(':');
  const kek = keks.find((candidate) => candidate.id === wrapped.slice(0, separator));
  if (!kek) throw new Error('data key wrapped with an unknown key');
  return open(kek.key, `data-key\n${owner}`, wrapped.slice(separator + 1));
}

/** `~u:<iv>:<tag>:<ciphertext>`: one field of one user, sealed under that user's data key. */
export const sealWithDataKey = (dataKey: Buffer, field: string, plaintext: string): string =>
  `${DATA_KEY_PREFIX}:${seal(dataKey, field, plaintext)}`;

export function openWithDataKey(dataKey: Buffer, field: string, stored: string): string {
  if (!isSealedWithDataKey(stored)) throw new Error('not sealed with a data key');
  return open(dataKey, field, stored.slice(DATA_KEY_PREFIX.length + 1)).toString('utf8');
}

export const isSealedWithDataKey = (stored: string): boolean => stored.startsWith(`${DATA_KEY_PREFIX}:`);
