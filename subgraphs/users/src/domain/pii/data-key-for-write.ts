import { type Executor, newDataKey } from '@fcfs/shared';
import type { UsersSchema } from '../../db/client.ts';
import { findWrappedUserKey, insertUserKey, replaceUserKey } from '../../db/user-keys-repository.ts';
import type { UserKeys } from './user-keys.ts';

/**
 * The user's data key for a write, read in the caller's transaction, which must hold the user's row lock
 * (so two writers cannot both create one): the stored key (wrapped again if an older PII key wrapped it),
 * or a new one stored now.
 */
export async function dataKeyForWrite(
  userKeys: UserKeys,
  tx: Executor<UsersSchema>,
  userId: number,
  now: Date,
): Promise<Buffer> {
  const wrapped = await findWrappedUserKey(tx, userId);
  if (wrapped !== undefined) {
    const dataKey = userKeys.unwrap(userId, wrapped);
    // After a PII key rotation, writes move the wrapped key forward, so the old PII key can retire.
    if (userKeys.isStale(wrapped)) await replaceUserKey(tx, userId, userKeys.wrap(userId, dataKey));
    return dataKey;
  }
  const dataKey = newDataKey();
  await insertUserKey(tx, userId, userKeys.wrap(userId, dataKey), now);
  return dataKey;
}
