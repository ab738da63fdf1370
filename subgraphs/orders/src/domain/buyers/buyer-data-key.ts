import { newDataKey, unwrapDataKey, wrapDataKey } from '@fcfs/shared';
import { findBuyerKeys, insertBuyerKeyIfAbsent } from '../../db/buyers-repository.ts';
import type { BuyerKeyRow } from '../../db/schema/index.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';

/** The field every shipping address (on an order or in the address book) is sealed as. */
export const SHIPPING_ADDRESS_FIELD = 'shipping-address';

/** The buyer's data key from its stored row; null when the buyer has none or was erased. */
export const unwrapBuyerKey = (
  deps: Pick<OrdersDependencies, 'pii'>,
  row: BuyerKeyRow | null | undefined,
): Buffer | null =>
  row?.wrappedKey ? unwrapDataKey([deps.pii.keyEncryptionKey], row.userId, row.wrappedKey) : null;

/**
 * The buyer's data key, made and stored on first use; null for an erased buyer, who gets no new one.
 * Outside any transaction on purpose: under repeatable read, a transaction that lost the insert race could
 * not see the winner's key.
 */
export async function buyerDataKey(
  deps: Pick<OrdersDependencies, 'db' | 'pii'>,
  userId: string,
): Promise<Buffer | null> {
  const [existing] = await findBuyerKeys(deps.db, [userId]);
  if (existing) return unwrapBuyerKey(deps, existing);
  await insertBuyerKeyIfAbsent(deps.db, {
    userId,
    wrappedKey: wrapDataKey(deps.pii.keyEncryptionKey, userId, newDataKey()),
    createdAt: new Date(),
  });
  const [stored] = await findBuyerKeys(deps.db, [userId]);
  return unwrapBuyerKey(deps, stored);
}
