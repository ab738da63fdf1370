import type { Redis } from '@fcfs/shared';
import type { OrdersDependencies } from '../orders-dependencies.ts';

/** Long enough for every replica of orders to see the same promotion and leave the recount to one. */
const RECOUNT_LEASE_MS = 60_000;

/**
 * After a failover the promoted replica may miss the last holds its old primary acknowledged (Redis
 * replicates asynchronously): counters that claim more units on the shelf than MySQL's open orders leave.
 * Its products' counters are dropped and rebuilt from MySQL (docs/architecture.md#redis-cluster), the path
 * that repairs a Redis that lost its data: a reservation meanwhile finds them missing and rebuilds inline,
 * the rest are rebuilt by the rebuild loop. One replica of orders does it per promotion (a redlock lease).
 */
export async function recountPromotedPrimary(deps: OrdersDependencies, node: Redis): Promise<number> {
  const nodeId = String(await node.call('CLUSTER', 'MYID'));
  // Left to expire rather than released: a replica that sees the promotion later must still skip it.
  const lease = await deps.redlock
    .acquire([`locks:failover-recount:${nodeId}`], RECOUNT_LEASE_MS, { retryCount: 0 })
    .catch(() => undefined);
  if (!lease) return 0;
  const productIds = await deps.stock.productsOn(node);
  await deps.stock.forgetCounters(productIds);
  await deps.stock.requestRebuild(productIds);
  deps.logger.warn(
    { products: productIds.length },
    'a replica became primary: its stock counters are recounted',
  );
  return productIds.length;
}
