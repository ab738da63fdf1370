import {
  badUserInput,
  notFound,
  parseInput,
  parseNumericId,
  ROLES,
  requireAdmin,
  type Viewer,
} from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type UserRow, users } from '../../db/schema/index.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import { endAllSessions } from '../sessions/end-all-sessions.ts';

const Input = z.object({ userId: z.string({ error: 'is required' }).trim(), role: z.enum(ROLES) });

/**
 * `setUserRole`, for admins: gives the user `role` and ends every session of the user in the same
 * transaction (refresh tokens revoked, each session and every earlier access token denied), so no token keeps
 * the old role; the user logs in again to get one with the new role. Setting the role the user already has
 * changes nothing and ends nothing. An admin cannot change their own role, so the last admin cannot lock
 * everyone out by mistake.
 */
export async function setUserRole(
  deps: Pick<UsersDependencies, 'db' | 'redis' | 'accessTokens'>,
  viewer: Viewer | null,
  input: { userId: string; role: string },
): Promise<UserRow> {
  const caller = requireAdmin(viewer);
  const { userId, role } = parseInput(Input, input);
  const id = parseNumericId(userId);
  if (id === undefined) throw notFound('User', userId);
  if (String(id) === caller.id) throw badUserInput('userId: an admin cannot change their own role', 'userId');

  const [user] = await deps.db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound('User', userId);
  if (user.role === role) return user;

  let updated: UserRow = user;
  await endAllSessions(deps, id, async (tx, now) => {
    await tx.update(users).set({ role, updatedAt: now }).where(eq(users.id, id));
    updated = { ...user, role, updatedAt: now };
  });
  return updated;
}
