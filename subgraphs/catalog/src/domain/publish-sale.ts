import { listAllProducts } from '../db/products-repository.ts';
import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';

/** Pushes a product's sale metadata to Redis; its counters are created from on-hand stock only if missing. */
export async function publishSale(deps: CatalogDependencies, product: ProductRow): Promise<void> {
  await deps.stock.publish({
    productId: String(product.id),
    price: product.price,
    saleStartsAt: product.saleStartsAt,
    saleEndsAt: product.saleEndsAt,
    purchaseLimit: product.purchaseLimit,
    available: product.stock,
  });
}

/** At start: every product gets its metadata refreshed and, where Redis lost them, its counters back. */
export async function publishMissingCounters(deps: CatalogDependencies): Promise<void> {
  const rows = await listAllProducts(deps.db);
  for (const row of rows) await publishSale(deps, row);
  deps.logger.info({ products: rows.length }, 'sale metadata published to Redis');
}
