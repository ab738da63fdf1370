import { listProductsPage } from '../db/products-repository.ts';
import type { CatalogDependencies } from '../dependencies.ts';

/** At most this many products are reported: the newest open sales, so a long catalogue cannot swell a scrape. */
export const ON_SALE_STOCK_LIMIT = 100;

/** Live available units of the newest products whose sale window is open now; products without counters are left out. */
export async function onSaleStock(
  deps: Pick<CatalogDependencies, 'db' | 'stock'>,
  now: Date = new Date(),
): Promise<{ productId: string; available: number }[]> {
  const open = await listProductsPage(
    deps.db,
    { windowStates: ['OPEN'], now },
    { limit: ON_SALE_STOCK_LIMIT },
  );
  const productIds = open.slice(0, ON_SALE_STOCK_LIMIT).map((product) => String(product.id));
  const levels = await deps.stock.levels(productIds);
  return productIds.flatMap((productId, index) => {
    const level = levels[index];
    return level ? [{ productId, available: Math.max(level.available, 0) }] : [];
  });
}
