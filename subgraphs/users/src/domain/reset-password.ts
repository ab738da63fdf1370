import { parseInput } from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../db/schema/index.ts';
import type { UsersDependencies } from '../dependencies.ts';
import { invalidCode } from './errors.ts';
import { assertPasswordPolicy } from './passwords/policy.ts';
import { endAllSessions } from './sessions/end-all-sessions.ts';
import { codeField, emailField } from './validation.ts';

const Input = z.object({
  email: emailField,
  code: codeField,
  newPassword: z.string({ error: 'is required' }),
});

/**
 * Sets a new password with a code from `requestPasswordReset` and ends every session of the account, like
 * `changePassword`. The password is checked first (a weak one does not spend the code); then the code is
 * compared and spent in one Redis step, so of two resets with one code exactly one goes on. A refused code
 * reads exactly like a refused verification code, and so does a right code whose account is gone.
 * A reset refused as busy (TEMPORARILY_UNAVAILABLE, while hashing) after its code matched needs a new code:
 * the code is spent before the hash so that guesses cannot make the service hash.
 */
export async function resetPassword(
  deps: UsersDependencies,
  input: { email: string; code: string; newPassword: string },
): Promise<true> {
  const { email, code, newPassword } = parseInput(Input, input);
  assertPasswordPolicy(newPassword, 'newPassword');
  const emailIndex = deps.pii.emailIndex(email);

  if (!(await deps.verification.checkCode(emailIndex, code, 'password-reset'))) throw invalidCode();
  const [account] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.emailIndex, emailIndex))
    .limit(1);
  if (!account) throw invalidCode();

  const passwordHash = await deps.passwords.hash(newPassword);
  await endAllSessions(deps, account.id, async (tx, now) => {
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, account.id));
  });
  // The owner has just proven the mailbox: failed logins of an attacker no longer hold the account back.
  await deps.limits.loginFailures.reset(emailIndex);
  return true;
}
