import { repeatEvery } from '@fcfs/shared';
import type { CatalogDependencies } from '../dependencies.ts';
import { publishAllSales } from './publish-sale.ts';

/**
 * Redis restarted empty or was flushed: the published mark is gone with everything else. Checking the mark
 * every interval brings the sale metadata back within one interval, without anyone having to read a product.
 * Returns a stop function.
 */
export function republishLostSales(deps: CatalogDependencies, intervalMs: number): () => Promise<void> {
  return repeatEvery(
    intervalMs,
    async () => {
      if (await deps.stock.catalogPublished()) return;
      deps.logger.warn('sale metadata missing from Redis; publishing it again');
      await publishAllSales(deps);
    },
    { logger: deps.logger, what: 'republishing sale metadata' },
  );
}
