import type { OrdersDependencies } from '../dependencies.ts';
import { rebuildRequestedCounters } from '../domain/stock/rebuild-counters.ts';

/** Rebuilds per tick: after Redis lost everything, hundreds of products wait; the rest wait a tick. */
const REBUILDS_PER_TICK = 50;

/**
 * Works off the products catalog reported with missing counters, on every replica (each rebuild takes its
 * own redlock per product, so no lease is needed), beside the lifecycle scheduler so that a wave of
 * rebuilds never delays shipping or reservation expiry. Returns a stop function.
 */
export function rebuildCountersOnRequest(deps: OrdersDependencies, intervalMs: number): () => Promise<void> {
  let tick: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    tick = tick.then(async () => {
      try {
        const rebuilt = await rebuildRequestedCounters(deps, REBUILDS_PER_TICK);
        if (rebuilt > 0) deps.logger.info({ rebuilt }, 'stock counters rebuilt on request');
      } catch (error) {
        deps.logger.error({ err: error }, 'counter rebuilds failed; retrying next interval');
      }
    });
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await tick;
  };
}
