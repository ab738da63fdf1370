import { type Executor, type KeyEncryptionKey, unwrapDataKey, wrapDataKey } from '@fcfs/shared';
import type { UsersSchema } from '../../db/client.ts';
import { findWrappedUserKey } from '../../db/user-keys-repository.ts';

/** Bounds the unwrapped data keys one process keeps: by count, and by age so other replicas forget an erased key. */
export interface UserKeyCacheSettings {
  maxKeys: number;
  ttlMs: number;
}

export interface UserKeys {
  /** The data key sealed under the newest PII key and bound to its user, for `user_keys`. */
  wrap: (userId: number, dataKey: Buffer) => string;
  unwrap: (userId: number, wrapped: string) => Buffer;
  /** Whether a wrapped key names an older PII key than the newest, so a write should wrap it again. */
  isStale: (wrapped: string) => boolean;
  /**
   * The user's data key for a read: from the cache, or one `user_keys` lookup shared by every field of the
   * request. Throws when the user has no key (erased meanwhile). Not for writes: those read inside their
   * transaction.
   */
  forReading: (db: Executor<UsersSchema>, userId: number) => Promise<Buffer>;
  /** Drops the user's key from this process's cache, once its row is deleted. */
  forget: (userId: number) => void;
}

const owner = (userId: number) => `users:${userId}`;

export function createUserKeys(keks: readonly KeyEncryptionKey[], settings: UserKeyCacheSettings): UserKeys {
  const [newest] = keks;
  if (!newest) throw new Error('user keys need at least one PII key');
  const unwrap = (userId: number, wrapped: string) => unwrapDataKey(keks, owner(userId), wrapped);
  // A Map iterates in insertion order: re-inserting on a hit makes the first entry the least recently used.
  const cache = new Map<number, { key: Promise<Buffer>; expiresAt: number }>();

  return {
    wrap: (userId, dataKey) => wrapDataKey(newest, owner(userId), dataKey),
    unwrap,
    isStale: (wrapped) => !wrapped.startsWith(`${newest.id}:`),
    forReading(db, userId) {
      const now = Date.now();
      const hit = cache.get(userId);
      cache.delete(userId);
      if (hit && hit.expiresAt > now) {
        cache.set(userId, hit);
        return hit.key;
      }
      const key = findWrappedUserKey(db, userId).then((wrapped) => {
        if (wrapped === undefined) throw new Error(`user ${userId} has no data key`);
        return unwrap(userId, wrapped);
      });
      cache.set(userId, { key, expiresAt: now + settings.ttlMs });
      key.catch(() => {
        if (cache.get(userId)?.key === key) cache.delete(userId);
      });
      const [oldest] = cache.keys();
      if (cache.size > settings.maxKeys && oldest !== undefined) cache.delete(oldest);
      return key;
    },
    forget(userId) {
      cache.delete(userId);
    },
  };
}
