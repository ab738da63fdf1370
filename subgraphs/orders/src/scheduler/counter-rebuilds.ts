import { repeatEvery } from '@fcfs/shared';
import type { OrdersDependencies } from '../domain/orders-dependencies.ts';
import { rebuildRequestedCounters } from '../domain/stock/rebuild-counters.ts';

/** Rebuilds per tick: after Redis lost everything, hundreds of products wait; the rest wait a tick. */
const REBUILDS_PER_TICK = 50;

/**
 * Works off the products catalog reported with missing counters, on every replica (each rebuild takes its
 * own redlock per product, so no lease is needed), beside the lifecycle scheduler so that a wave of
 * rebuilds never delays shipping or reservation expiry. Returns a stop function.
 */
export function rebuildCountersOnRequest(deps: OrdersDependencies, intervalMs: number): () => Promise<void> {
  return repeatEvery(
    intervalMs,
    async () => {
      const rebuilt = await rebuildRequestedCounters(deps, REBUILDS_PER_TICK);
      if (rebuilt > 0) deps.logger.info({ rebuilt }, 'stock counters rebuilt on request');
    },
    { logger: deps.logger, what: 'counter rebuilds' },
  );
}
