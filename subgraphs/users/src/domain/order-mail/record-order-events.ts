import { type EventEnvelope, handleOnce } from '@fcfs/shared';
import { insertOrderMail, insertOrderSummary } from '../../db/order-mails-repository.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import { orderMailKindOf } from './order-mail-kind.ts';

/** This subgraph's name in processed_events. */
export const USERS_CONSUMER = 'users';

/** order.created: what later mails about the order list, once per event. */
export async function recordOrderSummary(
  deps: Pick<UsersDependencies, 'db'>,
  event: EventEnvelope<'order.created'>,
): Promise<void> {
  const { orderId, userId, items, totalPrice } = event.data;
  await handleOnce(deps.db, USERS_CONSUMER, event, (tx) =>
    insertOrderSummary(tx, {
      orderId,
      userId,
      lines: items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice })),
      totalPrice,
      placedAt: new Date(event.occurredAt),
    }),
  );
}

/**
 * order.status-changed: owes the buyer one mail when the step is one they hear about, once per event. Only
 * a row is written here; the order-mail sender delivers it, so a mail outage never holds up the consumer.
 */
export async function recordOrderMail(
  deps: Pick<UsersDependencies, 'db' | 'orderMailsQueued'>,
  event: EventEnvelope<'order.status-changed'>,
): Promise<void> {
  const kind = orderMailKindOf(event.data);
  if (!kind) return;
  const { orderId, userId } = event.data;
  const queued = await handleOnce(deps.db, USERS_CONSUMER, event, (tx) =>
    insertOrderMail(tx, { eventId: event.eventId, orderId, userId, kind, createdAt: new Date() }),
  );
  if (queued) deps.orderMailsQueued();
}
