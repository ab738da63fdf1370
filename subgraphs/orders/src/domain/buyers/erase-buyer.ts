import { type EventEnvelope, handleOnce } from '@fcfs/shared';
import { deleteBuyerAddress, shredBuyerKey } from '../../db/buyers-repository.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { ORDERS_CONSUMER } from '../record-payment.ts';

/**
 * user.deleted: crypto-shredding. The buyer's data key is destroyed and their address book entry removed, so
 * every shipping address sealed with that key (on orders, in backups) is unreadable from now on. The orders
 * themselves stay, under the bare user id, for the shop's accounts.
 */
export async function eraseBuyer(
  deps: OrdersDependencies,
  event: EventEnvelope<'user.deleted'>,
): Promise<void> {
  const { userId } = event.data;
  await handleOnce(deps.db, ORDERS_CONSUMER, event, async (tx) => {
    await shredBuyerKey(tx, userId, new Date(event.occurredAt));
    await deleteBuyerAddress(tx, userId);
  });
}
