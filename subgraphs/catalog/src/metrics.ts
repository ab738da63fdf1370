import { Gauge, type Registry } from '@fcfs/shared';
import type { CatalogDependencies } from './dependencies.ts';
import { onSaleStock } from './domain/on-sale-stock.ts';

/** Catalog's own series beside the shared outbox, consumer and process ones: stock left per on-sale product. */
export function registerCatalogMetrics(
  registry: Registry,
  deps: Pick<CatalogDependencies, 'db' | 'stock'>,
): void {
  new Gauge({
    name: 'fcfs_stock_available',
    help: 'Units still available per product on sale now (Redis counters, read on scrape; the newest open sales)',
    labelNames: ['product_id'],
    registers: [registry],
    async collect() {
      const levels = await onSaleStock(deps).catch(() => undefined);
      if (!levels) return;
      // Ended sales leave the series instead of showing their last level for ever.
      this.reset();
      for (const { productId, available } of levels) this.set({ product_id: productId }, available);
    },
  });
}
