import { isCluster, onPrimaryPromoted, type Redis } from '@fcfs/shared';
import type { OrdersDependencies } from '../domain/orders-dependencies.ts';
import { recountPromotedPrimary } from '../domain/stock/recount-promoted-primary.ts';

/** On Redis Cluster, recounts the stock on every replica promoted by a failover. Returns a stop function. */
export function recountOnFailover(deps: OrdersDependencies, redis: Redis): () => void {
  if (!isCluster(redis)) return () => undefined;
  return onPrimaryPromoted(redis, (node) => {
    recountPromotedPrimary(deps, node).catch((error: unknown) =>
      deps.logger.error({ err: error }, 'stock recount after a failover failed; the checker will tell'),
    );
  });
}
