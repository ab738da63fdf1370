import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';
import type { ProductLoaders } from './product-loaders.ts';
import { publishSale } from './publish-sale.ts';

/**
 * Live units a buyer can still reserve. When Redis lost the counters they are republished from MySQL first,
 * so the product is readable again; reservations held only in Redis are gone with them (orders rebuilds).
 */
export async function availableStockOf(
  deps: CatalogDependencies,
  loaders: ProductLoaders,
  product: ProductRow,
): Promise<number> {
  const live = await loaders.availableById.load(product.id);
  if (live !== null) return Math.max(live, 0);
  await publishSale(deps, product);
  loaders.availableById.clear(product.id);
  return Math.max((await loaders.availableById.load(product.id)) ?? 0, 0);
}
