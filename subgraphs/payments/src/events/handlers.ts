import type { EventHandlers } from '@fcfs/shared';
import type { PaymentsDependencies } from '../dependencies.ts';
import { cancelPayment } from '../domain/cancel-payment.ts';
import { completePayment } from '../domain/complete-payment.ts';

/** What payments does with the events it consumes (group `payments`). */
export const paymentEventHandlers = (deps: PaymentsDependencies): EventHandlers => ({
  'order.created': async (event) => {
    const payment = await deps.batches.open(event);
    if (payment) await completePayment(deps, payment);
  },
  'order.cancelled': (event) => cancelPayment(deps, event),
  'order.returned': (event) => cancelPayment(deps, event),
});
