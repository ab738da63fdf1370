import { type EventHandling, EventRejections } from '@fcfs/shared';
import { eraseBuyer } from '../domain/buyers/erase-buyer.ts';
import { recordBuyerAddress } from '../domain/buyers/record-buyer-address.ts';
import type { OrdersDependencies } from '../domain/orders-dependencies.ts';
import { recordPaymentFailed, recordPaymentsSucceeded } from '../domain/record-payment.ts';

/**
 * What orders does with the events it consumes (group `orders`). A payment result that does not match its
 * order is refused, logged and counted in `rejections`. Payment successes arrive in a rush after a sale opens:
 * a fetched batch of them is one transaction.
 */
export const ordersEventHandling = (
  deps: OrdersDependencies,
  rejections = new EventRejections(deps.logger),
): EventHandling => ({
  batchHandlers: {
    'payment.succeeded': async (events) =>
      rejections.rejectRefused(events, await recordPaymentsSucceeded(deps, events)),
  },
  handlers: {
    'payment.failed': async (event) => {
      const rejection = await recordPaymentFailed(deps, event);
      if (rejection) rejections.reject(event, rejection);
    },
    'user.address-changed': (event) => recordBuyerAddress(deps, event),
    'user.deleted': (event) => eraseBuyer(deps, event),
  },
});
