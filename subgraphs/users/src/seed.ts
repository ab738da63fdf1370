import { newDataKey, parseInput, withTransaction } from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from './db/schema/index.ts';
import { insertUserKey } from './db/user-keys-repository.ts';
import type { UsersDependencies } from './dependencies.ts';
import { assertPasswordPolicy } from './domain/passwords/policy.ts';
import { sealProfile } from './domain/pii/profile-sealing.ts';
import { endAllSessions } from './domain/sessions/end-all-sessions.ts';
import { emailField } from './domain/validation.ts';

const ADMIN_NAME = 'Administrator';
const ADMIN_ADDRESS = 'FCFS head office';

/**
 * Makes sure an ADMIN account with this email and password exists (`pnpm seed`). Running it again changes
 * nothing, except that it sets the role back to ADMIN and the password to `password` if either drifted. Such
 * a change ends every session of the account: whoever held one before (the account may have been signed up by
 * anyone who could read that mailbox) would otherwise refresh into an admin token.
 */
export async function seedAdmin(
  deps: Pick<UsersDependencies, 'db' | 'pii' | 'userKeys' | 'passwords' | 'redis' | 'accessTokens'>,
  email: string,
  password: string,
): Promise<{ id: string; created: boolean }> {
  const admin = parseInput(z.object({ ADMIN_EMAIL: emailField }), { ADMIN_EMAIL: email });
  assertPasswordPolicy(password, 'ADMIN_PASSWORD');
  const emailIndex = deps.pii.emailIndex(admin.ADMIN_EMAIL);

  const [existing] = await deps.db.select().from(users).where(eq(users.emailIndex, emailIndex));
  if (existing) {
    const samePassword = await deps.passwords.verify(password, existing.passwordHash);
    if (existing.role !== 'ADMIN' || !samePassword) {
      const newPassword = samePassword ? {} : { passwordHash: await deps.passwords.hash(password) };
      await endAllSessions(deps, existing.id, async (tx, now) => {
        await tx
          .update(users)
          .set({ role: 'ADMIN', updatedAt: now, ...newPassword })
          .where(eq(users.id, existing.id));
      });
    }
    return { id: String(existing.id), created: false };
  }

  const now = new Date();
  const dataKey = newDataKey();
  const passwordHash = await deps.passwords.hash(password);
  const id = await withTransaction(deps.db, async (tx) => {
    const [inserted] = await tx
      .insert(users)
      .values({
        emailIndex,
        ...sealProfile(dataKey, {
          email: admin.ADMIN_EMAIL,
          name: ADMIN_NAME,
          address: ADMIN_ADDRESS,
          phone: null,
        }),
        passwordHash,
        role: 'ADMIN',
        createdAt: now,
        updatedAt: now,
      })
      .$returningId();
    if (!inserted) throw new Error('insert returned no id');
    await insertUserKey(tx, inserted.id, deps.userKeys.wrap(inserted.id, dataKey), now);
    return inserted.id;
  });
  return { id: String(id), created: true };
}
