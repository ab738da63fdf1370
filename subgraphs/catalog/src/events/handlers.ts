import { type EventHandlers, EventRejections } from '@fcfs/shared';
import type { CatalogDependencies } from '../dependencies.ts';
import { restockOrderUnits, settlePaidOrder } from '../domain/apply-stock-movement.ts';

/**
 * What catalog does with the events it consumes (group `catalog`). A stock movement that contradicts what
 * catalog settled is refused, logged and counted in `rejections`.
 */
export const catalogEventHandlers = (
  deps: CatalogDependencies,
  rejections = new EventRejections(deps.logger),
): EventHandlers => ({
  'order.paid': async (event) => {
    const rejection = await settlePaidOrder(deps, event);
    if (rejection) rejections.reject(event, rejection);
  },
  'order.cancelled': async (event) => {
    if (!event.data.wasPaid) return;
    const rejection = await restockOrderUnits(deps, event);
    if (rejection) rejections.reject(event, rejection);
  },
  'order.returned': async (event) => {
    const rejection = await restockOrderUnits(deps, event);
    if (rejection) rejections.reject(event, rejection);
  },
});
