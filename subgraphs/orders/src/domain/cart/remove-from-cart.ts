import { parseInput, requireViewer, type Viewer } from '@fcfs/shared';
import { deleteCartLines } from '../../db/carts-repository.ts';
import { productId as productIdInput } from '../order-input.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { type CartView, loadCart } from './find-cart.ts';

/** Removing a line that is not there is not an error: the cart ends up as asked. */
export async function removeFromCart(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  rawProductId: string,
): Promise<CartView> {
  const buyer = requireViewer(viewer);
  const productId = parseInput(productIdInput, rawProductId, 'productId');
  await deleteCartLines(deps.db, buyer.id, [productId]);
  return loadCart(deps, buyer.id);
}
