import { parseNumericId } from '@fcfs/shared';
import type { ProductRow } from '../db/schema/index.ts';
import type { ProductLoaders } from './product-loaders.ts';

/** Null for unknown and malformed ids alike: an id is either a product or nothing. */
export async function findProduct(loaders: ProductLoaders, id: string): Promise<ProductRow | null> {
  const productId = parseNumericId(id);
  return productId === undefined ? null : loaders.productById.load(productId);
}
