import {
  commitWithEvents,
  parseInput,
  requireViewer,
  unauthenticated,
  type Viewer,
  withTransaction,
} from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { UpdateProfileInput } from '../__generated__/resolvers-types.ts';
import { type UserRow, users } from '../db/schema/index.ts';
import { findUserForUpdate } from '../db/users-repository.ts';
import type { UsersDependencies } from '../dependencies.ts';
import { announceAddress } from './address-changed.ts';
import { isErased } from './erasure/anonymised-profile.ts';
import { dataKeyForWrite } from './pii/data-key-for-write.ts';
import { openProfileWith, sealProfile } from './pii/profile-sealing.ts';
import { addressField, nameField, phoneField } from './validation.ts';

const Input = z.object({
  name: nameField.optional(),
  address: addressField.optional(),
  phone: phoneField.nullish(),
});

/**
 * Changes the caller's name, address or phone. Every personal field, the email too, is sealed again under
 * the user's data key (made now for a row the key backfill has not reached), wrapped by the newest PII key.
 * The row stays locked from read to write, so a concurrent update or backfill cannot overwrite this one.
 */
export async function updateProfile(
  deps: UsersDependencies,
  viewer: Viewer | null,
  input: UpdateProfileInput,
): Promise<UserRow> {
  const caller = requireViewer(viewer);
  const changes = parseInput(Input, input, 'input');
  const updatedUser = await commitWithEvents(deps, () =>
    withTransaction(deps.db, async (tx) => {
      const user = await findUserForUpdate(tx, Number(caller.id));
      if (!user || isErased(user)) throw unauthenticated();
      const now = new Date();
      const dataKey = await dataKeyForWrite(deps.userKeys, tx, user.id, now);
      const current = openProfileWith(deps.pii, dataKey, user);
      const address = changes.address ?? current.address;
      const updated = {
        ...sealProfile(dataKey, {
          email: current.email,
          name: changes.name ?? current.name,
          address,
          phone: changes.phone !== undefined ? changes.phone : current.phone,
        }),
        updatedAt: now,
      };
      await tx.update(users).set(updated).where(eq(users.id, user.id));
      if (changes.address !== undefined) await announceAddress(deps, tx, user.id, address);
      return { ...user, ...updated };
    }),
  );
  return updatedUser;
}
