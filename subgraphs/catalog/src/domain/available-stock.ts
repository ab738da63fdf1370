import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';
import type { ProductLoaders } from './product-loaders.ts';
import { publishSale } from './publish-sale.ts';

/**
 * Live units a buyer can still reserve. When Redis lost the counters, the metadata is published again and
 * orders is asked to rebuild them; until then nothing can be reserved, so nothing is shown as available.
 */
export async function availableStockOf(
  deps: CatalogDependencies,
  loaders: ProductLoaders,
  product: ProductRow,
): Promise<number> {
  const live = await loaders.availableById.load(product.id);
  if (live !== null) return Math.max(live, 0);
  await publishSale(deps, product);
  return 0;
}
