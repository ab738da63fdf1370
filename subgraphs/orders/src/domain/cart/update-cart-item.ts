import { notFound, parseInput, requireViewer, type Viewer } from '@fcfs/shared';
import { deleteCartLines, setCartLineQuantity } from '../../db/carts-repository.ts';
import { cartQuantity, productId as productIdInput } from '../order-input.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { type CartView, loadCart } from './find-cart.ts';

/** Sets a line's quantity; 0 removes it. A product that is not in the cart is NOT_FOUND. */
export async function updateCartItem(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  rawProductId: string,
  rawQuantity: number,
  now: Date = new Date(),
): Promise<CartView> {
  const buyer = requireViewer(viewer);
  const productId = parseInput(productIdInput, rawProductId, 'productId');
  const quantity = parseInput(cartQuantity, rawQuantity, 'quantity');
  if (quantity === 0) {
    await deleteCartLines(deps.db, buyer.id, [productId]);
  } else if (!(await setCartLineQuantity(deps.db, buyer.id, productId, quantity, now))) {
    throw notFound('Cart line for product', productId);
  }
  return loadCart(deps, buyer.id);
}
