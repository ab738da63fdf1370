import type { EventHandlers } from '@fcfs/shared';
import type { OrdersDependencies } from '../dependencies.ts';
import { recordPaymentFailed, recordPaymentSucceeded } from '../domain/record-payment.ts';

/** What orders does with the events it consumes (group `orders`). */
export const ordersEventHandlers = (deps: OrdersDependencies): EventHandlers => ({
  'payment.succeeded': (event) => recordPaymentSucceeded(deps, event),
  'payment.failed': (event) => recordPaymentFailed(deps, event),
});
