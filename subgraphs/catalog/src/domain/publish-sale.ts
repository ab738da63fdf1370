import type { PublishOutcome } from '@fcfs/shared';
import { listAllProducts } from '../db/products-repository.ts';
import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';
import { saleWindowOf } from './sale-window.ts';

/**
 * Pushes a product's sale metadata to Redis. Counters are created here only for a new product: for any
 * other, units on hand alone would forget the units that open orders hold, so missing counters are handed
 * to orders to rebuild (docs/architecture.md#rebuilding-lost-counters).
 */
export async function publishSale(
  deps: CatalogDependencies,
  product: ProductRow,
  { isNew = false } = {},
): Promise<PublishOutcome> {
  const outcome = await deps.stock.publish(
    {
      productId: String(product.id),
      price: product.price,
      ...saleWindowOf(product),
      purchaseLimit: product.purchaseLimit,
      received: product.unitsReceived,
      available: product.stock,
    },
    { createCounters: isNew },
  );
  if (outcome === 'missing') await deps.stock.requestRebuild([String(product.id)]);
  return outcome;
}

/** Every product's metadata back in Redis, missing counters queued for rebuild; then the published mark. */
export async function publishAllSales(deps: CatalogDependencies): Promise<void> {
  const rows = await listAllProducts(deps.db);
  let missing = 0;
  for (const row of rows) if ((await publishSale(deps, row)) === 'missing') missing += 1;
  await deps.stock.markCatalogPublished();
  deps.logger.info({ products: rows.length, countersToRebuild: missing }, 'sale metadata published to Redis');
}
