import type { EventHandling } from '@fcfs/shared';
import { cancelPayment } from '../domain/cancel-payment.ts';
import { completePayment } from '../domain/complete-payment.ts';
import type { PaymentsDependencies } from '../domain/payments-dependencies.ts';

/**
 * What payments does with the events it consumes (group `payments`), one event at a time: its own batch
 * consumer (batch-consumer.ts) runs a fetched batch's events concurrently, so there are no batch handlers.
 */
export const paymentsEventHandling = (deps: PaymentsDependencies): Pick<EventHandling, 'handlers'> => ({
  handlers: {
    'order.created': async (event) => {
      const payment = await deps.batches.open(event);
      if (payment) await completePayment(deps, payment);
    },
    'order.cancelled': (event) => cancelPayment(deps, event),
    'order.returned': (event) => cancelPayment(deps, event),
  },
});
