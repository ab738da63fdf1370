import { type EventEnvelope, handleOnceBatch } from '@fcfs/shared';
import { insertOrderMails, insertOrderSummaries } from '../../db/order-mails-repository.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import { orderMailKindOf } from './order-mail-kind.ts';

/** This subgraph's name in processed_events. */
export const USERS_CONSUMER = 'users';

/**
 * order.created: what later mails about each order list, once per event. A sale's orders arrive in a rush, so a
 * fetched batch is one transaction.
 */
export async function recordOrderSummaries(
  deps: Pick<UsersDependencies, 'db'>,
  events: EventEnvelope<'order.created'>[],
): Promise<void> {
  await handleOnceBatch(deps.db, USERS_CONSUMER, events, (tx, fresh) =>
    insertOrderSummaries(
      tx,
      fresh.map(({ data, occurredAt }) => ({
        orderId: data.orderId,
        userId: data.userId,
        lines: data.items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice })),
        totalPrice: data.totalPrice,
        placedAt: new Date(occurredAt),
      })),
    ),
  );
}

/**
 * order.status-changed: owes the buyer one mail for each step they hear about, once per event, a fetched batch
 * in one transaction. Only rows are written here; the order-mail sender delivers them, so a mail outage never
 * holds up the consumer.
 */
export async function recordOrderMails(
  deps: Pick<UsersDependencies, 'db' | 'orderMailsQueued'>,
  events: EventEnvelope<'order.status-changed'>[],
): Promise<void> {
  const owed = events.filter((event) => orderMailKindOf(event.data) !== null);
  if (owed.length === 0) return;
  const createdAt = new Date();
  const queued = await handleOnceBatch(deps.db, USERS_CONSUMER, owed, (tx, fresh) =>
    insertOrderMails(
      tx,
      fresh.flatMap(({ eventId, data }) => {
        const kind = orderMailKindOf(data);
        return kind
          ? [
              {
                eventId,
                orderId: data.orderId,
                userId: data.userId,
                kind,
                createdAt,
                nextAttemptAt: createdAt,
              },
            ]
          : [];
      }),
    ),
  );
  if (queued.length > 0) deps.orderMailsQueued();
}
