import { type EventHandling, EventRejections } from '@fcfs/shared';
import type { CatalogDependencies } from '../dependencies.ts';
import { restockOrderUnits, settlePaidOrders } from '../domain/apply-stock-movement.ts';

/**
 * What catalog does with the events it consumes (group `catalog`). A stock movement that contradicts what
 * catalog settled is refused, logged and counted in `rejections`. Payments succeed in a rush after a sale
 * opens: a fetched batch of paid orders is settled in one transaction.
 */
export const catalogEventHandling = (
  deps: CatalogDependencies,
  rejections = new EventRejections(deps.logger),
): EventHandling => ({
  batchHandlers: {
    'order.paid': async (events) => rejections.rejectRefused(events, await settlePaidOrders(deps, events)),
  },
  handlers: {
    'order.cancelled': async (event) => {
      if (!event.data.wasPaid) return;
      const rejection = await restockOrderUnits(deps, event);
      if (rejection) rejections.reject(event, rejection);
    },
    'order.returned': async (event) => {
      const rejection = await restockOrderUnits(deps, event);
      if (rejection) rejections.reject(event, rejection);
    },
  },
});
