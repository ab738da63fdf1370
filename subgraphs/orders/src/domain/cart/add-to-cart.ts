import {
  badUserInput,
  notFound,
  parseInput,
  requireViewer,
  retryOnDeadlock,
  type Viewer,
} from '@fcfs/shared';
import { addToCartLine, countCartLines, findCartItem } from '../../db/carts-repository.ts';
import {
  lineQuantity,
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  productId as productIdInput,
} from '../order-input.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { productExists } from '../sale-catalog.ts';
import { type CartView, loadCart } from './find-cart.ts';

/** Only products catalog has published can go in a cart; quantities add up on one line per product. */
export async function addToCart(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  rawProductId: string,
  rawQuantity: number,
  now: Date = new Date(),
): Promise<CartView> {
  const buyer = requireViewer(viewer);
  const productId = parseInput(productIdInput, rawProductId, 'productId');
  const quantity = parseInput(lineQuantity, rawQuantity, 'quantity');
  if (!(await productExists(deps.redis, productId))) throw notFound('Product', productId);

  // Write first, then check what was written: locking a line that does not exist yet would take a gap lock,
  // and a rush of buyers adding products would deadlock on those gaps. Read committed takes none.
  await retryOnDeadlock(() =>
    deps.db.transaction(
      async (tx) => {
        await addToCartLine(tx, buyer.id, productId, quantity, now);
        const line = await findCartItem(tx, buyer.id, productId);
        if ((line?.quantity ?? 0) > MAX_LINE_QUANTITY) {
          throw badUserInput(`A cart line holds at most ${MAX_LINE_QUANTITY} units`, 'quantity');
        }
        if (line?.quantity === quantity && (await countCartLines(tx, buyer.id)) > MAX_ORDER_LINES) {
          throw badUserInput(`A cart holds at most ${MAX_ORDER_LINES} products`, 'productId');
        }
      },
      { isolationLevel: 'read committed' },
    ),
  );
  return loadCart(deps, buyer.id);
}
