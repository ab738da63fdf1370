import { type EventHandlers, EventRejections } from '@fcfs/shared';
import type { OrdersDependencies } from '../domain/orders-dependencies.ts';
import { recordPaymentFailed, recordPaymentSucceeded } from '../domain/record-payment.ts';

/**
 * What orders does with the events it consumes (group `orders`). A payment result that does not match its
 * order is refused, logged and counted in `rejections`.
 */
export const ordersEventHandlers = (
  deps: OrdersDependencies,
  rejections = new EventRejections(deps.logger),
): EventHandlers => ({
  'payment.succeeded': async (event) => {
    const rejection = await recordPaymentSucceeded(deps, event);
    if (rejection) rejections.reject(event, rejection);
  },
  'payment.failed': async (event) => {
    const rejection = await recordPaymentFailed(deps, event);
    if (rejection) rejections.reject(event, rejection);
  },
});
