import { isSealedWithDataKey, withTransaction } from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import { findUserForUpdate, listUnkeyedUserIds } from '../../db/users-repository.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import { ERASED_PASSWORD_HASH, isErased } from '../erasure/anonymised-profile.ts';
import { dataKeyForWrite } from './data-key-for-write.ts';
import { openProfileWith, sealProfile } from './profile-sealing.ts';

type BackfillDependencies = Pick<UsersDependencies, 'db' | 'pii' | 'userKeys' | 'logger'>;

/**
 * Moves every profile still sealed directly under a PII key to its user's own data key, `batchSize` ids per
 * listing and one short transaction per user, while the service keeps serving. Each user's row is locked
 * and checked again before it is rewritten, so a profile update in between is kept, not overwritten, and a
 * second run finds nothing to do. Erased accounts keep their placeholders. A row no configured PII key
 * opens is logged by id, counted in `failed` and left as it is.
 */
export async function backfillUserKeys(
  deps: BackfillDependencies,
  { batchSize = 200 }: { batchSize?: number } = {},
): Promise<{ moved: number; failed: number }> {
  let moved = 0;
  let failed = 0;
  let afterId = 0;
  for (;;) {
    const ids = await listUnkeyedUserIds(deps.db, {
      afterId,
      limit: batchSize,
      erasedPasswordHash: ERASED_PASSWORD_HASH,
    });
    const last = ids.at(-1);
    if (last === undefined) return { moved, failed };
    for (const id of ids) {
      try {
        if (await moveUser(deps, id)) moved += 1;
      } catch (error) {
        failed += 1;
        deps.logger.error({ err: error, userId: id }, 'user key backfill could not move a profile');
      }
    }
    afterId = last;
  }
}

async function moveUser(deps: BackfillDependencies, userId: number): Promise<boolean> {
  return withTransaction(deps.db, async (tx) => {
    const user = await findUserForUpdate(tx, userId);
    if (!user || isErased(user) || isSealedWithDataKey(user.emailCiphertext)) return false;
    const profile = openProfileWith(deps.pii, undefined, user);
    const dataKey = await dataKeyForWrite(deps.userKeys, tx, userId, new Date());
    await tx.update(users).set(sealProfile(dataKey, profile)).where(eq(users.id, userId));
    return true;
  });
}
