import type { CatalogDependencies } from '../dependencies.ts';
import { publishAllSales } from './publish-sale.ts';

/**
 * Redis restarted empty or was flushed: the published mark is gone with everything else. Checking the mark
 * every interval brings the sale metadata back within one interval, without anyone having to read a product.
 * Returns a stop function.
 */
export function republishLostSales(deps: CatalogDependencies, intervalMs: number): () => Promise<void> {
  let pass: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pass = pass.then(async () => {
      try {
        if (await deps.stock.catalogPublished()) return;
        deps.logger.warn('sale metadata missing from Redis; publishing it again');
        await publishAllSales(deps);
      } catch (error) {
        deps.logger.error({ err: error }, 'republishing sale metadata failed; retrying next interval');
      }
    });
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await pass;
  };
}
