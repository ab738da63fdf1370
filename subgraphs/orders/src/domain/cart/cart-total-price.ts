import { temporarilyUnavailable } from '@fcfs/shared';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { currentPrices } from '../sale-catalog.ts';
import type { CartView } from './find-cart.ts';

/**
 * `Cart.totalPrice`: every line at its product's price now, read from the same sale metadata `checkoutCart`
 * prices the order at, so it is what checking out now would cost (unless the price changes first). A line
 * whose product has no published price means Redis lost the metadata and catalog is publishing it again:
 * TEMPORARILY_UNAVAILABLE rather than a wrong total.
 */
export async function cartTotalPrice(
  deps: Pick<OrdersDependencies, 'redis'>,
  cart: CartView,
): Promise<number> {
  if (cart.items.length === 0) return 0;
  const prices = await currentPrices(
    deps.redis,
    cart.items.map((item) => item.productId),
  );
  return cart.items.reduce((total, item, index) => {
    const price = prices[index];
    if (price === null || price === undefined) {
      throw temporarilyUnavailable(`The price of product ${item.productId} is being restored`, 1);
    }
    return total + item.quantity * price;
  }, 0);
}
