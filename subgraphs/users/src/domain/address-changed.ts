import { createEvent, type Executor, enqueueEvents, sealAddressEvent } from '@fcfs/shared';
import type { UsersSchema } from '../db/client.ts';
import type { UsersDependencies } from '../dependencies.ts';

/**
 * Tells orders the user's profile address, in the transaction that sets it, so orders can ship to it
 * without asking users on the buy path. Sealed for the event: Kafka never carries the address in the clear.
 */
export async function announceAddress(
  deps: Pick<UsersDependencies, 'addressEventKey'>,
  tx: Executor<UsersSchema>,
  userId: number,
  address: string,
): Promise<void> {
  const id = String(userId);
  await enqueueEvents(tx, [
    createEvent('user.address-changed', id, {
      userId: id,
      sealedAddress: sealAddressEvent(deps.addressEventKey, id, address),
    }),
  ]);
}
