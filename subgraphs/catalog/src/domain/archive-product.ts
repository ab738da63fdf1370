import {
  commitWithEvents,
  createEvent,
  enqueueEvents,
  notFound,
  parseNumericId,
  requireAdmin,
  type Viewer,
} from '@fcfs/shared';
import { archiveProductRow, findProductForUpdate, findProductsByIds } from '../db/products-repository.ts';
import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';
import { publishSale } from './publish-sale.ts';

/**
 * Takes a product off the shelf for good: no longer listed, and its sale window, as published to Redis, ends
 * now, so the reservation script answers SALE_ENDED. `product(id:)` still finds it, so orders keep their
 * lines. Archiving an archived product changes nothing.
 */
export async function archiveProduct(
  deps: CatalogDependencies,
  viewer: Viewer | null,
  id: string,
  now: Date = new Date(),
): Promise<ProductRow> {
  requireAdmin(viewer);
  const productId = parseNumericId(id);
  if (productId === undefined) throw notFound('Product', id);

  const { product, archived } = await commitWithEvents(deps, () =>
    deps.db.transaction(async (tx) => {
      const current = await findProductForUpdate(tx, productId);
      if (!current) throw notFound('Product', id);
      const archivedNow = await archiveProductRow(tx, productId, now);
      if (archivedNow) {
        await enqueueEvents(tx, [
          createEvent('product.changed', id, { productId: id, stock: current.stock }),
        ]);
      }
      const [row] = await findProductsByIds(tx, [productId]);
      if (!row) throw notFound('Product', id);
      return { product: row, archived: archivedNow };
    }),
  );
  if (archived) await publishSale(deps, product);
  return product;
}
