import { commitWithEvents, isDuplicateKeyError, newDataKey, parseInput, withTransaction } from '@fcfs/shared';
import { z } from 'zod';
import type { SignUpInput } from '../__generated__/resolvers-types.ts';
import { type UserRow, users } from '../db/schema/index.ts';
import { insertUserKey } from '../db/user-keys-repository.ts';
import type { UsersDependencies } from '../dependencies.ts';
import { announceAddress } from './address-changed.ts';
import { emailNotVerified, emailTaken } from './errors.ts';
import { assertPasswordPolicy } from './passwords/policy.ts';
import { sealProfile } from './pii/profile-sealing.ts';
import { type SessionPayload, startSession } from './sessions/start-session.ts';
import { addressField, emailField, nameField, phoneField } from './validation.ts';

const Input = z.object({
  email: emailField,
  password: z.string({ error: 'is required' }),
  name: nameField,
  address: addressField,
  phone: phoneField.nullish(),
  verificationToken: z.string({ error: 'is required' }).trim().min(1, 'is required'),
});

/** Creates a CUSTOMER for an email proven by `verifyEmail`, and logs it in. */
export async function signUp(deps: UsersDependencies, input: SignUpInput): Promise<SessionPayload> {
  const { email, password, name, address, phone, verificationToken } = parseInput(Input, input, 'input');
  assertPasswordPolicy(password, 'input.password');

  const emailIndex = deps.pii.emailIndex(email);
  if ((await deps.verification.tokenEmailIndex(verificationToken)) !== emailIndex) throw emailNotVerified();

  const passwordHash = await deps.passwords.hash(password);
  const now = new Date();
  const dataKey = newDataKey();
  const row = {
    emailIndex,
    ...sealProfile(dataKey, { email, name, address, phone: phone || null }),
    passwordHash,
    role: 'CUSTOMER' as const,
    createdAt: now,
    updatedAt: now,
  };

  let payload: SessionPayload;
  try {
    payload = await commitWithEvents(deps, () =>
      withTransaction(deps.db, async (tx) => {
        const [inserted] = await tx.insert(users).values(row).$returningId();
        if (!inserted) throw new Error('insert returned no id');
        const user: UserRow = { ...row, id: inserted.id };
        await insertUserKey(tx, user.id, deps.userKeys.wrap(user.id, dataKey), now);
        await announceAddress(deps, tx, user.id, address);
        return startSession(deps, tx, user);
      }),
    );
  } catch (error) {
    // The unique blind index decides, so two concurrent sign-ups for one address cannot both succeed.
    if (isDuplicateKeyError(error)) throw emailTaken();
    throw error;
  }
  // Spent only on success, so a sign-up refused for a bad field can be retried with the same token.
  await deps.verification.consumeToken(verificationToken);
  return payload;
}
