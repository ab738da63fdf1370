import {
  commitWithEvents,
  createEvent,
  enqueueEvents,
  parseInput,
  rateLimited,
  requireViewer,
  unauthenticated,
  type Viewer,
} from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { deleteUnsentOrderMailsOf } from '../../db/order-mails-repository.ts';
import { deleteAddressEventsOf } from '../../db/outbox-repository.ts';
import { users } from '../../db/schema/index.ts';
import { deleteUserKey } from '../../db/user-keys-repository.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import { invalidCredentials } from '../errors.ts';
import { endAllSessions } from '../sessions/end-all-sessions.ts';
import { codeKey, failuresKey } from '../verification/verification-store.ts';
import { anonymisedProfile } from './anonymised-profile.ts';

const Input = z.object({ password: z.string().min(1, 'is required') });

/**
 * Erases the caller: the user's data key is deleted, which leaves every copy of the profile sealed under it
 * unreadable, backups too; the row is overwritten with placeholders (a fresh random blind index frees the
 * email), every session ends, pending codes go, the published address announcements leave the outbox, and
 * `user.deleted` makes orders destroy the buyer's data key, which leaves every shipping address it sealed
 * unreadable. Orders and payments keep their rows under the user id, for the shop's accounts.
 */
export async function deleteAccount(
  deps: UsersDependencies,
  viewer: Viewer | null,
  input: { password: string },
): Promise<true> {
  const caller = requireViewer(viewer);
  const { password } = parseInput(Input, input);
  const [user] = await deps.db
    .select()
    .from(users)
    .where(eq(users.id, Number(caller.id)));
  if (!user) throw unauthenticated();
  const limit = await deps.limits.loginFailures.check(user.emailIndex);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);
  if (!(await deps.passwords.verify(password, user.passwordHash))) {
    await deps.limits.loginFailures.consume(user.emailIndex);
    throw invalidCredentials('The password is wrong');
  }

  const userId = String(user.id);
  await commitWithEvents(deps, () =>
    endAllSessions(deps, user.id, async (tx, now) => {
      await tx
        .update(users)
        .set(anonymisedProfile(deps.pii, user.id, now))
        .where(eq(users.id, user.id));
      await deleteUserKey(tx, user.id);
      await deleteUnsentOrderMailsOf(tx, userId);
      await deleteAddressEventsOf(tx, userId);
      await enqueueEvents(tx, [createEvent('user.deleted', userId, { userId }, now)]);
    }),
  );
  deps.userKeys.forget(user.id);
  await deps.redis.del(
    ...(['verification', 'password-reset'] as const).flatMap((purpose) => [
      codeKey(user.emailIndex, purpose),
      failuresKey(user.emailIndex, purpose),
    ]),
  );
  return true;
}
