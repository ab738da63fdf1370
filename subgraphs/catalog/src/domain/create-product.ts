import {
  commitWithEvents,
  createEvent,
  enqueueEvents,
  parseInput,
  requireAdmin,
  type Viewer,
} from '@fcfs/shared';
import type { CreateProductInput } from '../__generated__/resolvers-types.ts';
import { findProductsByIds, insertProduct } from '../db/products-repository.ts';
import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';
import { createProductInput } from './product-input.ts';
import { publishSale } from './publish-sale.ts';

export async function createProduct(
  deps: CatalogDependencies,
  viewer: Viewer | null,
  input: CreateProductInput,
  now: Date = new Date(),
): Promise<ProductRow> {
  requireAdmin(viewer);
  const values = parseInput(createProductInput, input, 'input');
  const product = await commitWithEvents(deps, () =>
    deps.db.transaction(async (tx) => {
      const id = await insertProduct(tx, {
        ...values,
        unitsReceived: values.stock,
        createdAt: now,
        updatedAt: now,
      });
      await enqueueEvents(tx, [
        createEvent('product.changed', String(id), { productId: String(id), stock: values.stock }),
      ]);
      const [row] = await findProductsByIds(tx, [id]);
      if (!row) throw new Error(`product ${id} vanished inside its own transaction`);
      return row;
    }),
  );
  await publishSale(deps, product, { isNew: true });
  return product;
}
