import { parseInput, requireAdmin, type Viewer } from '@fcfs/shared';
import { z } from 'zod';
import type { UserRow } from '../../db/schema/index.ts';
import { findUserByEmailIndex } from '../../db/users-repository.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import { emailField } from '../validation.ts';

const Input = z.object({ email: emailField });

/**
 * `Query.userByEmail`, for admins: the address is normalised like at sign-up and looked up through its blind
 * index, the only way an email can be found (the column itself is ciphertext). Null when there is no account.
 */
export async function findUserByEmail(
  deps: Pick<UsersDependencies, 'db' | 'pii'>,
  viewer: Viewer | null,
  input: { email: string },
): Promise<UserRow | null> {
  requireAdmin(viewer);
  const { email } = parseInput(Input, input);
  return (await findUserByEmailIndex(deps.db, deps.pii.emailIndex(email))) ?? null;
}
