import type { Viewer } from '@fcfs/shared';
import type { OrderRow } from '../db/schema/index.ts';
import { mayAccess } from './order-access.ts';
import { isOrderId } from './order-id.ts';
import type { OrderLoaders } from './order-loaders.ts';

/**
 * The order if the viewer may see it (its buyer, or an admin). Unknown, malformed and someone else's ids
 * all give null, so the answer never reveals that another user's order exists.
 */
export async function findVisibleOrder(
  loaders: OrderLoaders,
  viewer: Viewer | null,
  id: string,
): Promise<OrderRow | null> {
  if (!viewer || !isOrderId(id)) return null;
  const order = await loaders.orderById.load(id);
  return order && mayAccess(viewer, order.userId) ? order : null;
}
