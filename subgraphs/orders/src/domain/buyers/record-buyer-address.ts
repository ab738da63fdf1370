import { type EventEnvelope, handleOnce, openAddressEvent, sealWithDataKey } from '@fcfs/shared';
import { upsertBuyerAddress } from '../../db/buyers-repository.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { ORDERS_CONSUMER } from '../record-payment.ts';
import { buyerDataKey, SHIPPING_ADDRESS_FIELD } from './buyer-data-key.ts';

/**
 * user.address-changed: the buyer's address book entry, re-sealed from the event's key to the buyer's data
 * key, once per event. An erased buyer's late event is dropped: they get no new key and no address.
 */
export async function recordBuyerAddress(
  deps: OrdersDependencies,
  event: EventEnvelope<'user.address-changed'>,
): Promise<void> {
  const { userId, sealedAddress } = event.data;
  const address = openAddressEvent(deps.pii.addressEventKey, userId, sealedAddress);
  const dataKey = await buyerDataKey(deps, userId);
  if (!dataKey) return;
  const sealed = sealWithDataKey(dataKey, SHIPPING_ADDRESS_FIELD, address);
  await handleOnce(deps.db, ORDERS_CONSUMER, event, (tx) =>
    upsertBuyerAddress(tx, userId, sealed, new Date(event.occurredAt)),
  );
}
