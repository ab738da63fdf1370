import {
  badUserInput,
  commitWithEvents,
  createEvent,
  enqueueEvents,
  notFound,
  parseInput,
  parseNumericId,
  requireAdmin,
  type Viewer,
} from '@fcfs/shared';
import type { UpdateProductInput } from '../__generated__/resolvers-types.ts';
import { findProductForUpdate, findProductsByIds, updateProductRow } from '../db/products-repository.ts';
import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';
import { updateProductInput, windowIsOrdered, withoutNulls } from './product-input.ts';
import { publishSale } from './publish-sale.ts';

/** Changes a product's description, price, window or limit; stock changes go through restockProduct. */
export async function updateProduct(
  deps: CatalogDependencies,
  viewer: Viewer | null,
  id: string,
  input: UpdateProductInput,
  now: Date = new Date(),
): Promise<ProductRow> {
  requireAdmin(viewer);
  const changes = parseInput(updateProductInput, withoutNulls(input, ['saleEndsAt']), 'input');
  const productId = parseNumericId(id);
  if (productId === undefined) throw notFound('Product', id);

  const product = await commitWithEvents(deps, () =>
    deps.db.transaction(async (tx) => {
      const current = await findProductForUpdate(tx, productId);
      if (!current) throw notFound('Product', id);
      if (!windowIsOrdered({ ...current, ...changes })) {
        throw badUserInput('input.saleEndsAt: saleEndsAt must be after saleStartsAt', 'input.saleEndsAt');
      }
      await updateProductRow(tx, productId, { ...changes, updatedAt: now });
      await enqueueEvents(tx, [createEvent('product.changed', id, { productId: id, stock: current.stock })]);
      const [row] = await findProductsByIds(tx, [productId]);
      if (!row) throw notFound('Product', id);
      return row;
    }),
  );
  await publishSale(deps, product);
  return product;
}
