import type { EventHandling } from '@fcfs/shared';
import type { UsersDependencies } from '../dependencies.ts';
import { recordOrderMail, recordOrderSummary } from '../domain/order-mail/record-order-events.ts';

/** What users does with the events it consumes (group `users`): the buyer's order mails. */
export const usersEventHandling = (deps: UsersDependencies): EventHandling => ({
  handlers: {
    'order.created': (event) => recordOrderSummary(deps, event),
    'order.status-changed': (event) => recordOrderMail(deps, event),
  },
});
