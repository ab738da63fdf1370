import { parseInput, requireViewer, unauthenticated, type Viewer, withTransaction } from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { UpdateProfileInput } from '../__generated__/resolvers-types.ts';
import { type UserRow, users } from '../db/schema/index.ts';
import type { UsersDependencies } from '../dependencies.ts';
import { announceAddress } from './address-changed.ts';
import { addressField, nameField, phoneField } from './validation.ts';

const Input = z.object({
  name: nameField.optional(),
  address: addressField.optional(),
  phone: phoneField.nullish(),
});

/**
 * Changes the caller's name, address or phone. Every personal field, the email too, is written again with
 * the newest PII key, so profile edits also move old rows forward after a key rotation.
 */
export async function updateProfile(
  deps: UsersDependencies,
  viewer: Viewer | null,
  input: UpdateProfileInput,
): Promise<UserRow> {
  const caller = requireViewer(viewer);
  const changes = parseInput(Input, input, 'input');
  const [user] = await deps.db
    .select()
    .from(users)
    .where(eq(users.id, Number(caller.id)));
  if (!user) throw unauthenticated();

  const { pii } = deps;
  const name = changes.name ?? pii.decrypt('name', user.nameCiphertext);
  const address = changes.address ?? pii.decrypt('address', user.addressCiphertext);
  const phone =
    changes.phone !== undefined
      ? changes.phone
      : user.phoneCiphertext === null
        ? null
        : pii.decrypt('phone', user.phoneCiphertext);
  const updated = {
    emailCiphertext: pii.encrypt('email', pii.decrypt('email', user.emailCiphertext)),
    nameCiphertext: pii.encrypt('name', name),
    addressCiphertext: pii.encrypt('address', address),
    phoneCiphertext: phone === null ? null : pii.encrypt('phone', phone),
    updatedAt: new Date(),
  };
  await withTransaction(deps.db, async (tx) => {
    await tx.update(users).set(updated).where(eq(users.id, user.id));
    if (changes.address !== undefined) await announceAddress(deps, tx, user.id, address);
  });
  if (changes.address !== undefined) deps.eventsEnqueued();
  return { ...user, ...updated };
}
