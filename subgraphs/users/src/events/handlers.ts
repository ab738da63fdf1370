import type { EventHandling } from '@fcfs/shared';
import type { UsersDependencies } from '../dependencies.ts';
import { recordOrderMails, recordOrderSummaries } from '../domain/order-mail/record-order-events.ts';

/**
 * What users does with the events it consumes (group `users`): the buyer's order mails. A sale's orders
 * arrive in a rush: each fetched batch is one transaction.
 */
export const usersEventHandling = (deps: UsersDependencies): EventHandling => ({
  handlers: {},
  batchHandlers: {
    'order.created': (events) => recordOrderSummaries(deps, events),
    'order.status-changed': (events) => recordOrderMails(deps, events),
  },
});
