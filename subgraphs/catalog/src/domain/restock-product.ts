import {
  commitWithEvents,
  createEvent,
  enqueueEvents,
  notFound,
  parseInput,
  parseNumericId,
  requireAdmin,
  type Viewer,
} from '@fcfs/shared';
import { findProductsByIds, receiveUnits } from '../db/products-repository.ts';
import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';
import { restockQuantity } from './product-input.ts';
import { publishSale } from './publish-sale.ts';

/**
 * Adds units on hand. MySQL first, then the same delta on the live counter: a crash in between leaves
 * Redis short (units unsold until a rebuild), never over (units sold twice).
 */
export async function restockProduct(
  deps: CatalogDependencies,
  viewer: Viewer | null,
  id: string,
  quantity: number,
  now: Date = new Date(),
): Promise<ProductRow> {
  requireAdmin(viewer);
  const delta = parseInput(restockQuantity, quantity, 'quantity');
  const productId = parseNumericId(id);
  if (productId === undefined) throw notFound('Product', id);

  const product = await commitWithEvents(deps, () =>
    deps.db.transaction(async (tx) => {
      if (!(await receiveUnits(tx, productId, delta, now))) throw notFound('Product', id);
      const [row] = await findProductsByIds(tx, [productId]);
      if (!row) throw notFound('Product', id);
      await enqueueEvents(tx, [createEvent('product.changed', id, { productId: id, stock: row.stock })]);
      return row;
    }),
  );
  if ((await deps.stock.restock(id, delta)) === null) await publishSale(deps, product);
  return product;
}
