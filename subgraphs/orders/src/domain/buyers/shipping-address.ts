import { openWithDataKey, sealWithDataKey, unauthenticated, type Viewer } from '@fcfs/shared';
import type { OrderRow } from '../../db/schema/index.ts';
import { mayAccess } from '../order-access.ts';
import type { OrderLoaders } from '../order-loaders.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { buyerDataKey, SHIPPING_ADDRESS_FIELD, unwrapBuyerKey } from './buyer-data-key.ts';

/**
 * An address the buyer typed for this order, sealed with their data key before anything is reserved. Null
 * when none was given: the order then takes the address book's entry inside its placement transaction.
 */
export async function sealShippingAddress(
  deps: OrdersDependencies,
  buyerId: string,
  address: string | null,
): Promise<string | null> {
  if (address === null) return null;
  const dataKey = await buyerDataKey(deps, buyerId);
  if (!dataKey) throw unauthenticated();
  return sealWithDataKey(dataKey, SHIPPING_ADDRESS_FIELD, address);
}

/** The buyer and admins read where an order ships; anyone else, or anyone after erasure, reads null. */
export async function revealShippingAddress(
  deps: OrdersDependencies,
  loaders: OrderLoaders,
  viewer: Viewer | null,
  order: OrderRow,
): Promise<string | null> {
  if (!mayAccess(viewer, order.userId) || order.shippingAddressCiphertext === null) return null;
  const dataKey = unwrapBuyerKey(deps, await loaders.buyerKeyByUserId.load(order.userId));
  return dataKey && openWithDataKey(dataKey, SHIPPING_ADDRESS_FIELD, order.shippingAddressCiphertext);
}
