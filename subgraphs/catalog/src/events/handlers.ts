import type { EventHandlers } from '@fcfs/shared';
import type { CatalogDependencies } from '../dependencies.ts';
import { restockOrderUnits, settlePaidOrder } from '../domain/apply-stock-movement.ts';

/** What catalog does with the events it consumes (group `catalog`). */
export const catalogEventHandlers = (deps: CatalogDependencies): EventHandlers => ({
  'order.paid': (event) => settlePaidOrder(deps, event),
  'order.cancelled': async (event) => {
    if (event.data.wasPaid) await restockOrderUnits(deps, event);
  },
  'order.returned': (event) => restockOrderUnits(deps, event),
});
